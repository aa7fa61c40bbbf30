using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Layers;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// The state read back from --state-dir, checked as the API checks what it stores: a record edited by hand (or by
/// another tool) must not name folders outside the state (a function name or revision id with ".."), zips outside
/// the blob store, or settings the API refuses. The first problem found, as "record.Field: what is wrong".
/// </summary>
internal static partial class StoredState
{
    public static string? Problem(ControlPlaneSnapshot snapshot, string accountId)
    {
        foreach (var (key, function) in snapshot.Functions)
        {
            var at = $"Functions[\"{key}\"]";
            var problem = Check($"{at}.Region", () => Region(function.Region))
                ?? Check($"{at}.FunctionName", () => Same(key, FunctionValidation.Name(function.FunctionName, accountId), function.FunctionName, function.Region))
                ?? Function(at, function, accountId)
                ?? function.Versions.Select(v => Check($"{at}.Versions[\"{v.Key}\"]", () => Version(v.Key, v.Value, function))
                    ?? Function($"{at}.Versions[\"{v.Key}\"]", v.Value, accountId)).FirstOrDefault(p => p is not null)
                ?? function.Aliases.Select(a => Check($"{at}.Aliases[\"{a.Key}\"]", () => Alias(a.Key, a.Value, function))).FirstOrDefault(p => p is not null);
            if (problem is not null)
            {
                return problem;
            }
        }
        foreach (var (key, layer) in snapshot.Layers)
        {
            var at = $"Layers[\"{key}\"]";
            var problem = Check($"{at}.Region", () => Region(layer.Region))
                ?? Check($"{at}.LayerName", () => Same(key, LayerArns.Name(layer.LayerName, accountId), layer.LayerName, layer.Region))
                ?? layer.Versions.Select(v => Check($"{at}.Versions[\"{v.Key}\"].Package", () => Package(v.Value.Package))).FirstOrDefault(p => p is not null);
            if (problem is not null)
            {
                return problem;
            }
        }
        return null;
    }

    /// <summary>One function record's own fields ($LATEST's or a version's).</summary>
    private static string? Function(string at, FunctionRecord function, string accountId)
        => Check($"{at}.FunctionName", () => FunctionValidation.Name(function.FunctionName, accountId))
            ?? Check($"{at}.RevisionId", () => RevisionId(function.RevisionId))
            ?? Check($"{at}.Runtime", () => FunctionValidation.Runtime(function.Runtime))
            ?? Check($"{at}.Role", () => FunctionValidation.Role(function.Role))
            ?? Check($"{at}.Timeout", () => FunctionValidation.Timeout(function.Timeout))
            ?? Check($"{at}.MemorySize", () => FunctionValidation.MemorySize(function.MemorySize))
            ?? Check($"{at}.EphemeralStorage", () => FunctionValidation.EphemeralStorage(function.EphemeralStorage))
            ?? Check($"{at}.Architecture", () => FunctionValidation.Architecture([function.Architecture], LambdaRules.DefaultArchitecture))
            ?? Check($"{at}.Environment", () => FunctionValidation.Environment(new(function.Environment)))
            ?? Check($"{at}.Code", () => Package(function.Code))
            ?? function.Layers.Select((layer, i) => Check($"{at}.Layers[{i}]", () => LayerReference(layer))).FirstOrDefault(p => p is not null)
            ?? function.Urls.Select(url => Check($"{at}.Urls[\"{url.Key}\"]", () => Url(url.Value))).FirstOrDefault(p => p is not null)
            ?? Check($"{at}.Logging", () => Logging(function.Logging, function.FunctionName))
            ?? function.EventInvokeConfigs.Select(c => Check($"{at}.EventInvokeConfigs[\"{c.Key}\"]", () => EventInvokeConfig(c.Key, c.Value, function)))
                .FirstOrDefault(p => p is not null);

    private static string? Check(string field, Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (AwsException e)
        {
            return $"{field}: {e.Message}";
        }
    }

    /// <summary>The checked name must be the record's own, and its key "region/name" (an ARN or another name is not).</summary>
    private static void Same(string key, string checkedName, string recorded, string region)
    {
        if (checkedName != recorded || key != ControlPlaneSnapshot.Key(region, recorded))
        {
            throw Invalid($"'{recorded}' is not a plain name, or its record's key '{key}' is not '{ControlPlaneSnapshot.Key(region, recorded)}'.");
        }
    }

    /// <summary>A version: its own number, the function's name and region, no versions or aliases of its own.</summary>
    private static void Version(long number, FunctionRecord version, FunctionRecord function)
    {
        if (number < 1 || number > function.LastVersionNumber || version.Version != number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            || version.FunctionName != function.FunctionName || version.Region != function.Region
            || !version.Versions.IsEmpty || !version.Aliases.IsEmpty || !version.Urls.IsEmpty || !version.EventInvokeConfigs.IsEmpty)
        {
            throw Invalid($"version {number} is not a version of {function.FunctionName} as publish-version writes one (Version '{version.Version}', last number {function.LastVersionNumber}).");
        }
    }

    /// <summary>An alias: named by its key, pointing at $LATEST or a stored version, weights from 0 to 1 on stored versions.</summary>
    private static void Alias(string key, AliasRecord alias, FunctionRecord function)
    {
        bool Stored(string version) => version == FunctionRecord.LatestVersion
            || (long.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && function.Versions.ContainsKey(n));
        if (alias.Name != key || !Stored(alias.FunctionVersion)
            || alias.AdditionalVersionWeights.Any(w => !Stored(w.Key) || w.Value is < 0 or > 1 || double.IsNaN(w.Value)))
        {
            throw Invalid($"alias '{alias.Name}' does not point at a stored version with weights from 0 to 1 (FunctionVersion '{alias.FunctionVersion}').");
        }
        RevisionId(alias.RevisionId);
    }

    /// <summary>LoggingConfig as UpdateFunctionConfiguration would accept it, with both members the emulator always writes.</summary>
    private static void Logging(LoggingConfigRecord? logging, string functionName)
    {
        if (logging is null)
        {
            return;
        }
        if (logging.LogFormat is null || logging.LogGroup is null)
        {
            throw Invalid("LogFormat and LogGroup must both be set (LogFormat Text or JSON, LogGroup such as /aws/lambda/NAME).");
        }
        LoggingConfigValidation.Apply(
            new LoggingConfigInput(logging.LogFormat, logging.ApplicationLogLevel, logging.SystemLogLevel, logging.LogGroup), null, functionName);
    }

    /// <summary>An event invoke config: of $LATEST, a stored version or an alias, with values PutFunctionEventInvokeConfig accepts.</summary>
    private static void EventInvokeConfig(string qualifier, EventInvokeConfigRecord config, FunctionRecord function)
    {
        var known = qualifier == FunctionRecord.LatestVersion || function.Aliases.ContainsKey(qualifier)
            || (long.TryParse(qualifier, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && function.Versions.ContainsKey(n));
        if (!known)
        {
            throw Invalid($"'{qualifier}' is not $LATEST, a stored version or an alias of {function.FunctionName}.");
        }
        EventInvokeConfigs.Validate(new EventInvokeConfigRequest
        {
            MaximumRetryAttempts = config.MaximumRetryAttempts,
            MaximumEventAgeInSeconds = config.MaximumEventAgeInSeconds,
            DestinationConfig = config.DestinationConfig,
        });
    }

    private static void Region(string region)
    {
        if (!RegionPattern().IsMatch(region))
        {
            throw Invalid($"'{region}' is not a region such as {LambdaRules.DefaultRegion}.");
        }
    }

    private static void RevisionId(string revisionId)
    {
        if (!Guid.TryParseExact(revisionId, "D", out _))
        {
            throw Invalid($"'{revisionId}' is not a revision id (the emulator writes a GUID, such as {Guid.Empty:D}).");
        }
    }

    /// <summary>A stored zip: named by its SHA-256 in hex, which CodeSha256 (base64) must agree with.</summary>
    private static void Package(PackageInfo package)
    {
        if (!BlobStore.IsId(package.BlobId))
        {
            throw Invalid($"BlobId '{package.BlobId}' is not a stored zip's id (its SHA-256 as 64 lowercase hex digits).");
        }
        var sha = new byte[32];
        if (!Convert.TryFromBase64String(package.CodeSha256, sha, out var length) || length != sha.Length
            || Convert.ToHexStringLower(sha) != package.BlobId)
        {
            throw Invalid($"CodeSha256 '{package.CodeSha256}' is not the SHA-256 of the stored zip {package.BlobId}.");
        }
        if (package.CodeSize < 0 || package.UnpackedSize is < 0 or > PackageLimits.MaxUnpackedBytes)
        {
            throw Invalid($"CodeSize {package.CodeSize} or its unpacked size {package.UnpackedSize} is out of range.");
        }
    }

    private static void LayerReference(Storage.LayerReference layer)
    {
        if (LayerArns.TryParseVersion(layer.Arn) is null)
        {
            throw Invalid($"'{layer.Arn}' is not a layer version ARN.");
        }
        Package(layer.Package);
    }

    private static void Url(FunctionUrlRecord url)
    {
        if (url.Port is < 1 or > 65535)
        {
            throw Invalid($"Port {url.Port} is not a TCP port.");
        }
        FunctionUrlValidation.AuthType(url.AuthType);
        FunctionUrlValidation.InvokeMode(url.InvokeMode);
        FunctionUrlValidation.Cors(url.Cors);
    }

    private static AwsException Invalid(string message) => AwsException.InvalidParameter(message);

    [GeneratedRegex(LambdaRules.RegionPattern)]
    private static partial Regex RegionPattern();
}
