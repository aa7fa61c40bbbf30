using System.Collections.Immutable;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Layers;

/// <summary>
/// Layers and their versions: publish (versions 1, 2, ..., never reused), look up, delete, and each version's
/// resource policy. A function keeps what it needs of a layer version it uses, so deleting the version does not
/// break it; only new configurations naming the deleted version are refused.
/// </summary>
public sealed class LayerService(ControlPlaneState state, ControlPlaneOptions options, string workDirectory)
{
    public const int MaxLayersPerFunction = 5;

    public (LayerRecord Layer, LayerVersionRecord Version) Publish(string layerNameOrArn, PublishLayerVersionRequest request, string region)
    {
        var name = Name(layerNameOrArn, region);
        var content = request.Content ?? throw AwsException.InvalidParameter("Content is required: pass --zip-file fileb://runtime.zip.");
        var (zip, codeSha256, unpacked) = PackageValidation.Read(content.ZipFile, content.S3Bucket, null, "Content.ZipFile", "runtime.zip");
        CheckList(request.CompatibleRuntimes, 15, "CompatibleRuntimes", _ => true);
        CheckList(request.CompatibleArchitectures, 2, "CompatibleArchitectures", a => a is "x86_64" or "arm64");
        Verify(zip);
        return state.Update(snapshot =>
        {
            var blobId = state.Blobs.Put(zip);
            var layer = snapshot.Layers.GetValueOrDefault(ControlPlaneSnapshot.Key(region, name)) ?? new LayerRecord { LayerName = name, Region = region };
            var version = new LayerVersionRecord
            {
                Version = layer.LatestVersion + 1,
                Description = request.Description ?? "",
                CreatedDate = DateTimeOffset.UtcNow,
                CompatibleRuntimes = [.. request.CompatibleRuntimes ?? []],
                CompatibleArchitectures = [.. request.CompatibleArchitectures ?? []],
                LicenseInfo = request.LicenseInfo,
                Package = new PackageInfo(blobId, codeSha256, zip.LongLength, unpacked),
                PolicyRevisionId = Guid.NewGuid().ToString(),
            };
            layer = layer with { LatestVersion = version.Version, Versions = layer.Versions.SetItem(version.Version, version) };
            return (snapshot with { Layers = snapshot.Layers.SetItem(ControlPlaneSnapshot.Key(region, name), layer) }, (layer, version));
        });
    }

    public (LayerRecord Layer, LayerVersionRecord Version) Get(string layerNameOrArn, long version, string region)
        => Find(state.Current, Name(layerNameOrArn, region), version, region);

    public (LayerRecord Layer, LayerVersionRecord Version) GetByArn(string? arn, string region)
    {
        var parsed = LayerArns.ParseVersion(arn ?? "");
        if (parsed.AccountId != options.AccountId || parsed.Region != region)
        {
            throw NotFound(arn!);
        }
        return Find(state.Current, parsed.LayerName, parsed.Version, region);
    }

    /// <summary>Every layer with at least one live version, and its latest version matching the filters.</summary>
    public IReadOnlyList<(LayerRecord Layer, LayerVersionRecord Latest)> List(string? runtime, string? architecture, string region)
        => [.. state.Current.Layers.Values
            .Where(l => l.Region == region)
            .Select(l => (Layer: l, Latest: Matching(l, runtime, architecture).LastOrDefault()))
            .Where(x => x.Latest is not null)
            .Select(x => (x.Layer, x.Latest!))];

    /// <summary>The live versions of a layer, newest first (an unknown layer has none).</summary>
    public (LayerRecord? Layer, IReadOnlyList<LayerVersionRecord> Versions) ListVersions(string layerNameOrArn, string? runtime, string? architecture, string region)
    {
        var layer = state.Current.Layers.GetValueOrDefault(ControlPlaneSnapshot.Key(region, Name(layerNameOrArn, region)));
        return layer is null ? (null, []) : (layer, [.. Matching(layer, runtime, architecture).Reverse()]);
    }

    /// <summary>Deleting is idempotent, as on AWS: an unknown version is not an error.</summary>
    public void Delete(string layerNameOrArn, long version, string region)
    {
        var key = ControlPlaneSnapshot.Key(region, Name(layerNameOrArn, region));
        state.Update(snapshot =>
        {
            if (snapshot.Layers.GetValueOrDefault(key) is not { } layer || !layer.Versions.ContainsKey(version))
            {
                return (snapshot, 0);
            }
            layer = layer with { Versions = layer.Versions.Remove(version) };
            return (snapshot with { Layers = snapshot.Layers.SetItem(key, layer) }, 0);
        });
    }

    public (LayerRecord Layer, LayerVersionRecord Version, LayerPermission Added) AddPermission(
        string layerNameOrArn, long versionNumber, AddLayerVersionPermissionRequest request, string? revisionId, string region)
    {
        var name = Name(layerNameOrArn, region);
        var permission = LayerPolicy.Validate(request);
        return state.Update(snapshot =>
        {
            var (layer, version) = Find(snapshot, name, versionNumber, region);
            CheckRevision(revisionId, version);
            if (version.Permissions.Any(p => p.StatementId == permission.StatementId))
            {
                throw AwsException.ResourceConflict(
                    $"The statement id ({permission.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.");
            }
            version = version with { Permissions = version.Permissions.Add(permission), PolicyRevisionId = Guid.NewGuid().ToString() };
            return (WithVersion(snapshot, layer, version), (layer, version, permission));
        });
    }

    public void RemovePermission(string layerNameOrArn, long versionNumber, string statementId, string? revisionId, string region)
    {
        var name = Name(layerNameOrArn, region);
        state.Update(snapshot =>
        {
            var (layer, version) = Find(snapshot, name, versionNumber, region);
            CheckRevision(revisionId, version);
            var index = version.Permissions.Select(p => p.StatementId).ToList().IndexOf(statementId);
            if (index < 0)
            {
                throw AwsException.ResourceNotFound(
                    $"Statement {statementId} is not found in resource policy. List the statements with get-layer-version-policy.");
            }
            version = version with { Permissions = version.Permissions.RemoveAt(index), PolicyRevisionId = Guid.NewGuid().ToString() };
            return (WithVersion(snapshot, layer, version), 0);
        });
    }

    /// <summary>
    /// The layer versions a new function configuration names, checked as Lambda checks them: at most five, one
    /// version per layer, each existing now (a deleted version cannot be named again).
    /// </summary>
    internal ImmutableArray<LayerReference> Resolve(ControlPlaneSnapshot snapshot, IReadOnlyList<string> arns)
    {
        if (arns.Count > MaxLayersPerFunction)
        {
            throw AwsException.InvalidParameter(
                $"Cannot reference more than {MaxLayersPerFunction} layers: this configuration names {arns.Count}. Merge layers or drop some.");
        }
        var references = ImmutableArray.CreateBuilder<LayerReference>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arn in arns)
        {
            var parsed = LayerArns.ParseVersion(arn);
            if (!seen.Add(parsed.LayerName))
            {
                throw AwsException.InvalidParameter(
                    $"Two different versions of the same layer are not allowed to be referenced in the same function. Keep one version of {parsed.LayerName}.");
            }
            var layer = snapshot.Layers.GetValueOrDefault(ControlPlaneSnapshot.Key(parsed.Region, parsed.LayerName));
            if (parsed.AccountId != options.AccountId || layer is null || layer.Region != parsed.Region
                || !layer.Versions.TryGetValue(parsed.Version, out var version))
            {
                throw AwsException.InvalidParameter(
                    $"Layer version {arn} does not exist. Publish it with publish-layer-version, or name a version that list-layer-versions shows.");
            }
            references.Add(new LayerReference(arn, version.Package));
        }
        return references.ToImmutable();
    }

    internal string VersionArn(LayerRecord layer, long version)
        => AwsFormat.LayerVersionArn(layer.Region, options.AccountId, layer.LayerName, version);

    internal string LayerArn(LayerRecord layer) => AwsFormat.LayerArn(layer.Region, options.AccountId, layer.LayerName);

    /// <summary>A layer name, or the name in a layer ARN of this account; an ARN of another region names no layer here.</summary>
    private string Name(string layerNameOrArn, string region)
    {
        var name = LayerArns.Name(layerNameOrArn, options.AccountId);
        if (layerNameOrArn.StartsWith("arn:", StringComparison.Ordinal) && layerNameOrArn.Split(':') is { Length: > 3 } parts && parts[3] != region)
        {
            throw NotFound($"{layerNameOrArn} (layers of '{parts[3]}' are not reachable in this region ('{region}'))");
        }
        return name;
    }

    private (LayerRecord, LayerVersionRecord) Find(ControlPlaneSnapshot snapshot, string name, long version, string region)
    {
        if (snapshot.Layers.GetValueOrDefault(ControlPlaneSnapshot.Key(region, name)) is { } layer && layer.Versions.TryGetValue(version, out var record))
        {
            return (layer, record);
        }
        throw NotFound($"{name}:{version}");
    }

    private static AwsException NotFound(string what) => AwsException.ResourceNotFound(
        $"The resource you requested does not exist. Layer version {what} was never published or was deleted: see list-layer-versions.");

    private static IEnumerable<LayerVersionRecord> Matching(LayerRecord layer, string? runtime, string? architecture)
        => layer.Versions.Values.Where(v =>
            (runtime is null || v.CompatibleRuntimes.Contains(runtime))
            && (architecture is null || v.CompatibleArchitectures.Contains(architecture)));

    private static ControlPlaneSnapshot WithVersion(ControlPlaneSnapshot snapshot, LayerRecord layer, LayerVersionRecord version)
        => snapshot with { Layers = snapshot.Layers.SetItem(ControlPlaneSnapshot.Key(layer.Region, layer.LayerName), layer with { Versions = layer.Versions.SetItem(version.Version, version) }) };

    private static void CheckRevision(string? expected, LayerVersionRecord version)
    {
        if (expected is not null && expected != version.PolicyRevisionId)
        {
            throw AwsException.PreconditionFailed(
                "The Revision Id provided does not match the latest Revision Id. Call get-layer-version-policy to retrieve the latest Revision Id.");
        }
    }

    private static void CheckList(List<string>? values, int max, string member, Func<string, bool> valid)
    {
        if (values is not null && (values.Count > max || values.FirstOrDefault(v => !valid(v)) is not null))
        {
            throw AwsException.InvalidParameter($"{member} [{string.Join(", ", values)}] is not valid: give at most {max} supported values.");
        }
    }

    /// <summary>Reads the whole zip (corrupt data, escaping links) before it is stored.</summary>
    private void Verify(byte[] zip)
        => PackageExtractor.Verify(zip, Path.Combine(workDirectory, "scratch", Guid.NewGuid().ToString("N")));
}
