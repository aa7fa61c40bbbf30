using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.FunctionUrls;
using Lambda.BashRuntime.Emulator.Layers;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// Creates, changes and deletes functions. Every change is checked, unpacked into a new revision folder, persisted,
/// and only then published to the <see cref="FunctionRegistry"/> the invoke side reads.
/// </summary>
public sealed class FunctionService(
    ControlPlaneState state,
    ControlPlaneOptions options,
    LayerService layers,
    FunctionMaterializer materializer,
    FunctionRegistry registry,
    FunctionUrlServers urlServers)
{
    /// <param name="settle">
    /// How long the new function stays Pending (the control plane passes --state-transition-delay; the emulator's own
    /// project function is Active at once).
    /// </param>
    public FunctionRecord Create(CreateFunctionRequest request, string region, TimeSpan settle = default)
    {
        var name = FunctionValidation.Name(request.FunctionName, options.AccountId);
        if (request.PackageType is not (null or "Zip"))
        {
            throw AwsException.InvalidParameter($"PackageType {request.PackageType} is not supported by the emulator: use Zip.");
        }
        var runtime = FunctionValidation.Runtime(request.Runtime);
        var role = FunctionValidation.Role(request.Role);
        var timeout = FunctionValidation.Timeout(request.Timeout ?? LambdaRules.DefaultTimeout);
        var memory = FunctionValidation.MemorySize(request.MemorySize ?? LambdaRules.DefaultMemorySize);
        var ephemeralStorage = FunctionValidation.EphemeralStorage(request.EphemeralStorage?.Size ?? LambdaRules.DefaultEphemeralStorage);
        var environment = FunctionValidation.Environment(request.Environment?.Variables);
        var architecture = FunctionValidation.Architecture(request.Architectures, LambdaRules.DefaultArchitecture);
        var logging = LoggingConfigValidation.Apply(request.LoggingConfig, null, name);
        var code = request.Code ?? throw AwsException.InvalidParameter("Code is required: pass --zip-file fileb://function.zip.");
        var (zip, codeSha256, unpacked) = PackageValidation.Read(code.ZipFile, code.S3Bucket, code.ImageUri);
        var tags = FunctionTags.Validate(request.Tags);
        return Commit(snapshot =>
        {
            if (snapshot.Functions.ContainsKey(ControlPlaneSnapshot.Key(region, name)))
            {
                throw AwsException.ResourceConflict(
                    $"Function already exist: {name}. Change it with update-function-code or update-function-configuration, or delete it first.");
            }
            return new FunctionRecord
            {
                FunctionName = name,
                Region = region,
                Runtime = runtime,
                Role = role,
                Handler = request.Handler,
                Description = request.Description ?? "",
                Timeout = timeout,
                MemorySize = memory,
                EphemeralStorage = ephemeralStorage,
                Architecture = architecture,
                Environment = environment,
                Logging = logging,
                Layers = layers.Resolve(snapshot, request.Layers ?? []),
                Code = new PackageInfo(state.Blobs.Put(zip), codeSha256, zip.LongLength, unpacked),
                LastModified = DateTimeOffset.UtcNow,
                RevisionId = Guid.NewGuid().ToString(),
                Tags = tags,
                PendingUntil = Settled(settle),
            };
        }, publish: request.Publish == true);
    }

    /// <summary>$LATEST, or the version that <paramref name="qualifier"/> (a number or an alias) names.</summary>
    public FunctionRecord Get(string nameOrArn, string? qualifier, string region) => Resolve(state.Current, nameOrArn, qualifier, region).Record;

    /// <summary>Every function of every region, in name order (the web console).</summary>
    public IReadOnlyList<FunctionRecord> List() => [.. state.Current.Functions.Values.OrderBy(f => f.FunctionName, StringComparer.Ordinal)];

    /// <summary>The functions of one region, in name order (ListFunctions).</summary>
    public IReadOnlyList<FunctionRecord> List(string region) => [.. List().Where(f => f.Region == region)];

    public FunctionRecord UpdateConfiguration(string nameOrArn, UpdateFunctionConfigurationRequest request, string region, TimeSpan settle = default)
        => Update(nameOrArn, code: null, request, region, settle);

    public FunctionRecord UpdateCode(string nameOrArn, UpdateFunctionCodeRequest request, string region, TimeSpan settle = default)
        => Update(nameOrArn, request, configuration: null, region, settle);

    /// <summary>
    /// Code, configuration or both in one change: one new revision (a reloaded project whose code and settings both
    /// changed makes one cold start, not two). A code request with DryRun checks and answers without storing.
    /// </summary>
    public FunctionRecord Update(
        string nameOrArn, UpdateFunctionCodeRequest? code, UpdateFunctionConfigurationRequest? configuration, string region,
        TimeSpan settle = default)
    {
        var package = code is null ? default((byte[] Zip, string CodeSha256, long UnpackedSize)?)
            : PackageValidation.Read(code.ZipFile, code.S3Bucket, code.ImageUri, "ZipFile");
        FunctionRecord Build(ControlPlaneSnapshot snapshot, string blobId)
        {
            var current = Find(snapshot, nameOrArn, null, region);
            FunctionStates.EnsureChangeable(current, Arn(current));
            FunctionValidation.Revision(code?.RevisionId, current);
            FunctionValidation.Revision(configuration?.RevisionId, current);
            var next = configuration is null ? current : Configure(snapshot, current, configuration);
            if (package is var (zip, codeSha256, unpacked))
            {
                next = next with
                {
                    Architecture = FunctionValidation.Architecture(code!.Architectures, current.Architecture),
                    Code = new PackageInfo(blobId, codeSha256, zip.LongLength, unpacked),
                };
            }
            return next with { LastModified = DateTimeOffset.UtcNow, RevisionId = Guid.NewGuid().ToString(), UpdatingUntil = Settled(settle) };
        }
        if (code?.DryRun == true)
        {
            var preview = Build(state.Current, "");
            FunctionValidation.TotalSize(preview);
            return preview;
        }
        return Commit(snapshot => Build(snapshot, package is { } stored ? state.Blobs.Put(stored.Zip) : ""), publish: code?.Publish == true);
    }

    /// <summary>UpdateFunctionConfiguration's members over the current record: what the request leaves out stays.</summary>
    private FunctionRecord Configure(ControlPlaneSnapshot snapshot, FunctionRecord current, UpdateFunctionConfigurationRequest request)
        => current with
        {
            Role = request.Role is null ? current.Role : FunctionValidation.Role(request.Role),
            Handler = request.Handler ?? current.Handler,
            Description = request.Description ?? current.Description,
            Timeout = request.Timeout is { } timeout ? FunctionValidation.Timeout(timeout) : current.Timeout,
            MemorySize = request.MemorySize is { } memory ? FunctionValidation.MemorySize(memory) : current.MemorySize,
            EphemeralStorage = request.EphemeralStorage is { } storage
                ? FunctionValidation.EphemeralStorage(storage.Size ?? LambdaRules.DefaultEphemeralStorage) : current.EphemeralStorage,
            Environment = request.Environment is { } environment ? FunctionValidation.Environment(environment.Variables) : current.Environment,
            Runtime = request.Runtime is null ? current.Runtime : FunctionValidation.Runtime(request.Runtime),
            Logging = LoggingConfigValidation.Apply(request.LoggingConfig, current.Logging, current.FunctionName),
            // Only a configuration that names layers is checked against the live versions: a function whose
            // layer version was deleted since keeps it until its layer list is changed.
            Layers = request.Layers is null ? current.Layers : layers.Resolve(snapshot, request.Layers),
        };

    /// <summary>Deletes the function (every version, alias and URL with it), or with a version number that version alone.</summary>
    public void Delete(string nameOrArn, string? qualifier, string region)
    {
        qualifier ??= FunctionNames.Parse(nameOrArn).Qualifier;
        if (qualifier is not (null or FunctionRecord.LatestVersion))
        {
            DeleteVersion(nameOrArn, qualifier, region);
            return;
        }
        state.Update(
            snapshot =>
            {
                var current = Find(snapshot, nameOrArn, null, region);
                return (snapshot with { Functions = snapshot.Functions.Remove(current.Key) }, current);
            },
            committed: deleted =>
            {
                registry.Remove(deleted.Region, deleted.FunctionName);
                materializer.Retire(deleted.FunctionName, state.Current.RevisionsNamed(deleted.FunctionName));
                foreach (var url in deleted.Urls.Values)
                {
                    urlServers.Retire(url.Port); // its URLs go with it, as on AWS
                }
            });
    }

    private void DeleteVersion(string nameOrArn, string qualifier, string region)
    {
        if (!long.TryParse(qualifier, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            throw AwsException.InvalidParameter(
                $"Deletion of aliases is not supported by DeleteFunction: delete alias {qualifier} with delete-alias, or pass a version number.");
        }
        state.Update(
            snapshot =>
            {
                var current = Find(snapshot, nameOrArn, null, region);
                if (!current.Versions.ContainsKey(number))
                {
                    throw AwsException.ResourceNotFound($"Function not found: {Arn(current)}:{qualifier}. See list-versions-by-function.");
                }
                if (current.Aliases.Values.FirstOrDefault(a => a.FunctionVersion == qualifier || a.AdditionalVersionWeights.ContainsKey(qualifier)) is { } alias)
                {
                    throw AwsException.ResourceConflict(
                        $"Unable to delete version because the following aliases reference it: [{alias.Name}]. Point the alias at another version first (update-alias).");
                }
                var changed = current with { Versions = current.Versions.Remove(number), EventInvokeConfigs = current.EventInvokeConfigs.Remove(qualifier) };
                return (snapshot with { Functions = snapshot.Functions.SetItem(changed.Key, changed) }, changed);
            },
            committed: changed => Published(changed));
    }

    /// <summary>
    /// Publishes every stored function (start-up with a state directory); each is unpacked at its first invoke, so a
    /// start costs no unpacking however many functions the state holds.
    /// </summary>
    public void RestoreAll()
    {
        foreach (var record in state.Current.Functions.Values)
        {
            Published(record, materializer.Deferred(record));
            materializer.RemoveLeftovers(record.FunctionName, state.Current.RevisionsNamed(record.FunctionName));
        }
    }

    /// <summary>The state as the control plane sees it now.</summary>
    internal ControlPlaneSnapshot Snapshot => state.Current;

    public string Arn(FunctionRecord record) => AwsFormat.FunctionArn(record.Region, options.AccountId, record.FunctionName);

    /// <summary>
    /// Stores a new $LATEST (with <paramref name="publish"/>, also as a new version) and serves it: unpacked first, so
    /// a package Lambda would refuse is refused before anything is stored.
    /// </summary>
    private FunctionRecord Commit(Func<ControlPlaneSnapshot, FunctionRecord> build, bool publish = false)
    {
        FunctionDefinition? unpacked = null;
        try
        {
            return state.Update(
                snapshot =>
                {
                    var record = build(snapshot);
                    FunctionValidation.TotalSize(record);
                    // Unpacking sees what reading the zip's directory cannot: corrupt data, links that escape once unpacked.
                    var definition = unpacked = materializer.Materialize(record);
                    var stored = publish ? FunctionVersions.Publish(record, null) : record;
                    return (snapshot with { Functions = snapshot.Functions.SetItem(record.Key, stored) }, (record: stored, definition));
                },
                committed: result =>
                {
                    unpacked = null;
                    Published(result.record, result.definition);
                }).record;
        }
        finally
        {
            unpacked?.Folder?.Retire(); // unpacked, then not stored (the disk full, say): nobody will run it
        }
    }

    /// <summary>
    /// Serves what <paramref name="record"/> now holds ($LATEST, as <paramref name="latest"/> when it was just
    /// unpacked, its versions and aliases) and retires the folders of revisions nothing holds any more. Runs after
    /// each commit that changes them, under the state's lock.
    /// </summary>
    internal void Published(FunctionRecord record, FunctionDefinition? latest = null)
    {
        var previous = registry.Newest(record.Region, record.FunctionName, FunctionRecord.LatestVersion);
        var definitions = new List<FunctionDefinition>();
        foreach (var version in record.Versions.Values.Prepend(record))
        {
            var served = version == record && latest is not null ? latest : registry.Newest(version.Region, version.FunctionName, version.Version);
            definitions.Add(served is not null && served.RevisionId == version.RevisionId ? served : materializer.Deferred(version));
        }
        var aliases = record.Aliases.Values.ToDictionary(
            a => a.Name, a => new AliasRoute(a.FunctionVersion, a.AdditionalVersionWeights), StringComparer.Ordinal);
        registry.PutAll(record.Region, record.FunctionName, definitions, aliases);
        if (latest is not null && previous is not null && previous.RevisionId != record.RevisionId
            && record.UpdatingUntil is { } until && record.IsUpdating(DateTimeOffset.UtcNow))
        {
            // While the update is InProgress the previous code and configuration serve invokes, as on Lambda; its
            // folder stays until then.
            registry.ServePrevious(previous, until, () => state.Locked(() => RetireUnserved(record.FunctionName)));
        }
        RetireUnserved(record.FunctionName);
    }

    /// <summary>Retires the folders of revisions neither stored nor still serving (an update InProgress).</summary>
    private void RetireUnserved(string functionName)
        => materializer.Retire(functionName,
            state.Current.RevisionsNamed(functionName).Union(registry.SupersededRevisions(functionName)).ToHashSet(StringComparer.Ordinal));

    private static DateTimeOffset? Settled(TimeSpan settle) => settle > TimeSpan.Zero ? DateTimeOffset.UtcNow + settle : null;

    /// <summary>The function ($LATEST's record, which holds its versions and aliases) that a name or ARN names in <paramref name="region"/>.</summary>
    internal FunctionRecord Find(ControlPlaneSnapshot snapshot, string nameOrArn, string? qualifier, string region)
    {
        var resolved = Resolve(snapshot, nameOrArn, qualifier, region);
        return resolved.Function;
    }

    /// <summary>
    /// A function and what a qualifier names of it: $LATEST (none, or "$LATEST"), a published version (a number), or
    /// an alias (then the version it points at). Not found answers as Lambda does, with the qualified ARN.
    /// </summary>
    internal FunctionVersions.Resolved Resolve(ControlPlaneSnapshot snapshot, string nameOrArn, string? qualifier, string region)
    {
        if (FunctionNames.Unreachable(nameOrArn, options.AccountId, region) is { } unreachable)
        {
            throw AwsException.ResourceNotFound(unreachable);
        }
        var parsed = FunctionNames.Parse(nameOrArn);
        qualifier ??= parsed.Qualifier;
        var arn = AwsFormat.FunctionArn(region, options.AccountId, parsed.Name);
        if (snapshot.Functions.GetValueOrDefault(ControlPlaneSnapshot.Key(region, parsed.Name)) is not { } record)
        {
            throw AwsException.ResourceNotFound($"Function not found: {arn}. Create it with create-function, or check the name with list-functions.");
        }
        return FunctionVersions.Resolve(record, qualifier, Arn(record));
    }
}
