using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// PublishVersion and the alias operations (CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases). Each
/// change is stored, then served: the registry routes an alias's invokes by its RoutingConfig weights.
/// </summary>
public sealed partial class AliasService(ControlPlaneState state, FunctionService functions, FunctionUrls.FunctionUrlServers urlServers)
{
    /// <param name="settle">How long the new version stays Pending (--state-transition-delay), as a new version does on Lambda.</param>
    public FunctionRecord PublishVersion(string nameOrArn, PublishVersionRequest request, string region, TimeSpan settle = default)
        => FunctionVersions.Newest(state.Update(
            snapshot =>
            {
                var function = functions.Find(snapshot, nameOrArn, null, region);
                FunctionStates.EnsureChangeable(function, functions.Arn(function));
                FunctionValidation.Revision(request.RevisionId, function);
                if (request.CodeSha256 is { } sha && sha != function.Code.CodeSha256)
                {
                    throw AwsException.InvalidParameter(
                        $"CodeSHA256 ({sha}) is different from current CodeSHA256 in $LATEST ({function.Code.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.");
                }
                var published = FunctionVersions.Publish(function, request.Description, settle);
                return (With(snapshot, published), published);
            },
            committed: published => functions.Published(published)));

    /// <summary>$LATEST first, then the versions in order (ListVersionsByFunction).</summary>
    public IReadOnlyList<FunctionRecord> ListVersions(string nameOrArn, string region)
    {
        var function = functions.Find(state.Current, FunctionNames.Parse(nameOrArn).Name, null, region);
        return [function, .. function.Versions.Values];
    }

    public (FunctionRecord Function, AliasRecord Alias) Create(string nameOrArn, CreateAliasRequest request, string region)
    {
        var name = AliasName(request.Name);
        return Change(nameOrArn, region, function =>
        {
            if (function.Aliases.ContainsKey(name))
            {
                throw AwsException.ResourceConflict($"Alias already exists: {functions.Arn(function)}:{name}. Change it with update-alias.");
            }
            return new AliasRecord
            {
                Name = name,
                FunctionVersion = Version(function, request.FunctionVersion),
                Description = request.Description ?? "",
                AdditionalVersionWeights = Weights(function, request.RoutingConfig, request.FunctionVersion!),
                RevisionId = Guid.NewGuid().ToString(),
            };
        });
    }

    public (FunctionRecord Function, AliasRecord Alias) Get(string nameOrArn, string aliasName, string region)
    {
        var function = functions.Find(state.Current, FunctionNames.Parse(nameOrArn).Name, null, region);
        return (function, AliasOf(function, aliasName));
    }

    public IReadOnlyList<AliasRecord> List(string nameOrArn, string? functionVersion, string region)
    {
        var function = functions.Find(state.Current, FunctionNames.Parse(nameOrArn).Name, null, region);
        return [.. function.Aliases.Values.Where(a => functionVersion is null || a.FunctionVersion == functionVersion)];
    }

    public (FunctionRecord Function, AliasRecord Alias) Update(string nameOrArn, string aliasName, UpdateAliasRequest request, string region)
        => Change(nameOrArn, region, function =>
        {
            var alias = AliasOf(function, aliasName);
            if (request.RevisionId is not null && request.RevisionId != alias.RevisionId)
            {
                throw AwsException.PreconditionFailed(
                    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
            }
            var version = request.FunctionVersion is null ? alias.FunctionVersion : Version(function, request.FunctionVersion);
            return alias with
            {
                FunctionVersion = version,
                Description = request.Description ?? alias.Description,
                AdditionalVersionWeights = request.RoutingConfig is null ? alias.AdditionalVersionWeights : Weights(function, request.RoutingConfig, version),
                RevisionId = Guid.NewGuid().ToString(),
            };
        });

    public void Delete(string nameOrArn, string aliasName, string region)
        => state.Update(
            snapshot =>
            {
                var function = functions.Find(snapshot, FunctionNames.Parse(nameOrArn).Name, null, region);
                // Deleting is idempotent on AWS: an unknown alias is not an error.
                var changed = function with
                {
                    Aliases = function.Aliases.Remove(aliasName),
                    Urls = function.Urls.Remove(aliasName),
                    EventInvokeConfigs = function.EventInvokeConfigs.Remove(aliasName), // its config goes with it, as on AWS
                };
                return (ReferenceEquals(changed.Aliases, function.Aliases) ? snapshot : With(snapshot, changed), (function, changed));
            },
            committed: result =>
            {
                functions.Published(result.changed);
                if (result.function.Urls.GetValueOrDefault(aliasName) is { } url)
                {
                    urlServers.Retire(url.Port); // the alias's URL goes with it
                }
            });

    private (FunctionRecord Function, AliasRecord Alias) Change(string nameOrArn, string region, Func<FunctionRecord, AliasRecord> change)
        => state.Update(
            snapshot =>
            {
                var function = functions.Find(snapshot, FunctionNames.Parse(nameOrArn).Name, null, region);
                var alias = change(function);
                var changed = function with { Aliases = function.Aliases.SetItem(alias.Name, alias) };
                return (With(snapshot, changed), (changed, alias));
            },
            committed: result => functions.Published(result.changed));

    private AliasRecord AliasOf(FunctionRecord function, string aliasName)
        => function.Aliases.GetValueOrDefault(aliasName) ?? throw AwsException.ResourceNotFound(
            $"Alias not found: {functions.Arn(function)}:{aliasName}. Create it with create-alias, or see list-aliases.");

    private static string AliasName(string? name)
    {
        if (name is null || name.Length > 128 || !AliasPattern().IsMatch(name))
        {
            throw AwsException.InvalidParameter(
                $"The alias name '{name ?? "(none)"}' is not valid: use 1 to 128 letters, digits, hyphens or underscores, not only digits (a version number).");
        }
        return name;
    }

    /// <summary>$LATEST or a published version of this function.</summary>
    private static string Version(FunctionRecord function, string? version)
    {
        if (version is null)
        {
            throw AwsException.InvalidParameter("FunctionVersion is required: pass --function-version with a version number (or $LATEST).");
        }
        FunctionVersions.VersionOf(function, version);
        return version;
    }

    /// <summary>RoutingConfig as Lambda checks it: one other published version, a weight from 0 to 1, never $LATEST.</summary>
    private static ImmutableSortedDictionary<string, double> Weights(FunctionRecord function, AliasRoutingConfiguration? routing, string primary)
    {
        var weights = routing?.AdditionalVersionWeights ?? [];
        if (weights.Count > 1)
        {
            throw AwsException.InvalidParameter("RoutingConfig.AdditionalVersionWeights may name at most one version besides the alias's own.");
        }
        foreach (var (version, weight) in weights)
        {
            if (primary == FunctionRecord.LatestVersion || version == FunctionRecord.LatestVersion)
            {
                throw AwsException.InvalidParameter("Invalid function version $LATEST. Routing to $LATEST is not supported: point the alias and its routing at published versions.");
            }
            if (version == primary)
            {
                throw AwsException.InvalidParameter($"Version {version} is the alias's own version: RoutingConfig names another one.");
            }
            if (weight is < 0 or > 1 || double.IsNaN(weight))
            {
                throw AwsException.InvalidParameter($"The weight {weight.ToString(CultureInfo.InvariantCulture)} of version {version} is out of range: use 0.0 to 1.0.");
            }
            FunctionVersions.VersionOf(function, version);
        }
        return ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, weights);
    }

    private static ControlPlaneSnapshot With(ControlPlaneSnapshot snapshot, FunctionRecord function)
        => snapshot with { Functions = snapshot.Functions.SetItem(function.Key, function) };

    [GeneratedRegex("^(?!^[0-9]+$)[a-zA-Z0-9_-]+$")]
    private static partial Regex AliasPattern();
}
