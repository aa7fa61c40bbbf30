using System.Collections.Immutable;
using System.Globalization;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// Published versions and qualifiers, as Lambda has them: a version is a numbered, immutable copy of $LATEST's code
/// and configuration; a qualifier is $LATEST, a version number or an alias.
/// </summary>
internal static class FunctionVersions
{
    /// <summary>
    /// What a qualifier names: <see cref="Function"/> is $LATEST's record (which holds versions and aliases),
    /// <see cref="Record"/> the version it resolves to, <see cref="Alias"/> the alias when it names one.
    /// </summary>
    public sealed record Resolved(FunctionRecord Function, FunctionRecord Record, string? Qualifier, AliasRecord? Alias);

    public static Resolved Resolve(FunctionRecord function, string? qualifier, string functionArn)
    {
        if (qualifier is null)
        {
            return new Resolved(function, function, null, null);
        }
        if (qualifier == FunctionRecord.LatestVersion)
        {
            return new Resolved(function, function, qualifier, null);
        }
        if (long.TryParse(qualifier, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return function.Versions.TryGetValue(number, out var version)
                ? new Resolved(function, version, qualifier, null)
                : throw NotFound(functionArn, qualifier, "publish one with publish-version, or see list-versions-by-function");
        }
        if (function.Aliases.TryGetValue(qualifier, out var alias))
        {
            return new Resolved(function, VersionOf(function, alias.FunctionVersion), qualifier, alias);
        }
        throw NotFound(functionArn, qualifier, "create the alias with create-alias, or see list-aliases");
    }

    public static FunctionRecord VersionOf(FunctionRecord function, string version)
        => version == FunctionRecord.LatestVersion ? function
            : long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && function.Versions.TryGetValue(number, out var record)
                ? record
                : throw AwsException.ResourceNotFound($"Function not found: {function.FunctionName}:{version}. See list-versions-by-function.");

    /// <summary>
    /// PublishVersion: a new version from $LATEST, or the newest version when $LATEST has not changed since it was
    /// published (as Lambda does: no two versions of the same code and configuration in a row).
    /// </summary>
    /// <param name="settle">
    /// How long the new version is Pending (PublishVersion's --state-transition-delay); without it, it settles with
    /// $LATEST (a version published with its create or update, --publish).
    /// </param>
    public static FunctionRecord Publish(FunctionRecord function, string? description, TimeSpan settle = default)
    {
        if (function.PublishedRevisionId == function.RevisionId && function.Versions.ContainsKey(function.LastVersionNumber))
        {
            return function;
        }
        var number = function.LastVersionNumber + 1;
        var version = function with
        {
            Version = number.ToString(CultureInfo.InvariantCulture),
            Description = description ?? function.Description,
            RevisionId = Guid.NewGuid().ToString(),
            LastModified = DateTimeOffset.UtcNow,
            Versions = ImmutableSortedDictionary<long, FunctionRecord>.Empty,
            Aliases = ImmutableSortedDictionary.Create<string, AliasRecord>(StringComparer.Ordinal),
            Urls = ImmutableSortedDictionary.Create<string, FunctionUrlRecord>(StringComparer.Ordinal),
            Tags = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal),
            EventInvokeConfigs = ImmutableSortedDictionary.Create<string, EventInvokeConfigRecord>(StringComparer.Ordinal),
            Permissions = [],
            PolicyRevisionId = null,
            LastVersionNumber = 0,
            PublishedRevisionId = null,
            ReservedConcurrency = null,
            // A version published with its update (--publish) settles with it, as $LATEST does.
            PendingUntil = settle > TimeSpan.Zero ? DateTimeOffset.UtcNow + settle : function.PendingUntil,
        };
        return function with
        {
            Versions = function.Versions.SetItem(number, version),
            LastVersionNumber = number,
            PublishedRevisionId = function.RevisionId,
        };
    }

    /// <summary>The newest version, the one <see cref="Publish"/> made or returned.</summary>
    public static FunctionRecord Newest(FunctionRecord function) => function.Versions[function.LastVersionNumber];

    private static AwsException NotFound(string functionArn, string qualifier, string hint)
        => AwsException.ResourceNotFound($"Function not found: {functionArn}:{qualifier}. Check the qualifier: {hint}.");
}
