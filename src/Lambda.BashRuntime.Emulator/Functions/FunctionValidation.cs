using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>The checks Lambda makes on a function's configuration, with messages that say what to fix.</summary>
internal static partial class FunctionValidation
{
    public static readonly ImmutableArray<string> Runtimes = [.. LambdaRules.Runtimes];

    private static readonly ImmutableHashSet<string> ReservedVariables =
    [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ",
    ];

    public static string Name(string? nameOrArn, string accountId)
    {
        if (string.IsNullOrEmpty(nameOrArn))
        {
            throw AwsException.InvalidParameter("FunctionName is required: pass --function-name.");
        }
        var parts = nameOrArn.Split(':');
        var functionIndex = Array.IndexOf(parts, "function");
        if (functionIndex >= 1 && parts[functionIndex - 1] != accountId)
        {
            throw AwsException.InvalidParameter($"The function ARN '{nameOrArn}' names another account: this emulator serves account {accountId}.");
        }
        var name = FunctionNames.Parse(nameOrArn).Name;
        if (!NamePattern().IsMatch(name))
        {
            throw AwsException.InvalidParameter(
                $"The function name '{name}' is not valid: use 1 to 64 letters, digits, hyphens or underscores.");
        }
        return name;
    }

    public static string Runtime(string? runtime)
    {
        if (runtime == LambdaRules.DeprecatedRuntime)
        {
            throw AwsException.InvalidParameter(LambdaRules.DeprecatedRuntimeMessage);
        }
        if (runtime is null || !Runtimes.Contains(runtime))
        {
            throw AwsException.InvalidParameter(
                $"The runtime parameter of {runtime ?? "(none)"} is not supported by the Bash runtime emulator. Use one of: {string.Join(", ", Runtimes)} ({LambdaRules.DefaultRuntime} recommended).");
        }
        return runtime;
    }

    public static string Role(string? role)
    {
        if (role is null || !RolePattern().IsMatch(role))
        {
            throw AwsException.InvalidParameter(
                $"The role '{role ?? "(none)"}' is not an IAM role ARN. Pass --role {LambdaRules.DefaultRole}.");
        }
        return role;
    }

    public static int Timeout(int timeout) => timeout is >= LambdaRules.MinTimeout and <= LambdaRules.MaxTimeout
        ? timeout
        : throw AwsException.InvalidParameter($"Timeout {timeout} is out of range: use {LambdaRules.MinTimeout} to {LambdaRules.MaxTimeout} seconds.");

    public static int EphemeralStorage(int size) => size is >= LambdaRules.MinEphemeralStorage and <= LambdaRules.MaxEphemeralStorage
        ? size
        : throw AwsException.InvalidParameter($"EphemeralStorage Size {size} is out of range: use {LambdaRules.MinEphemeralStorage} to {LambdaRules.MaxEphemeralStorage} MB.");

    public static int MemorySize(int memory) => memory is >= LambdaRules.MinMemorySize and <= LambdaRules.MaxMemorySize
        ? memory
        : throw AwsException.InvalidParameter($"MemorySize {memory} is out of range: use {LambdaRules.MinMemorySize} to {LambdaRules.MaxMemorySize} MB.");

    public static string Architecture(List<string>? architectures, string current)
    {
        if (architectures is null)
        {
            return current;
        }
        if (architectures is not [var one] || !LambdaRules.Architectures.Contains(one))
        {
            throw AwsException.InvalidParameter(
                $"Architectures [{string.Join(", ", architectures)}] is not valid: give exactly one of {string.Join(" or ", LambdaRules.Architectures)}.");
        }
        return one;
    }

    public static ImmutableSortedDictionary<string, string> Environment(Dictionary<string, string>? variables)
    {
        var result = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, variables ?? []);
        var reserved = result.Keys.Where(ReservedVariables.Contains).ToList();
        if (reserved.Count > 0)
        {
            throw AwsException.InvalidParameter(
                "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: "
                + string.Join(", ", reserved));
        }
        if (result.Keys.FirstOrDefault(k => !VariablePattern().IsMatch(k)) is { } bad)
        {
            throw AwsException.InvalidParameter(
                $"The environment variable name '{bad}' is not valid: at least two characters, a letter first, then letters, digits or underscores (as Lambda requires).");
        }
        var size = result.Sum(kv => System.Text.Encoding.UTF8.GetByteCount(kv.Key) + System.Text.Encoding.UTF8.GetByteCount(kv.Value));
        if (size > 4096)
        {
            throw AwsException.InvalidParameter(
                $"Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {size} bytes.");
        }
        return result;
    }

    public static void TotalSize(FunctionRecord record)
    {
        if (record.UnpackedSize > PackageLimits.MaxUnpackedBytes)
        {
            throw AwsException.InvalidParameter(
                $"Function code combined with layers exceeds the maximum allowed size of {PackageLimits.MaxUnpackedBytes} bytes. The actual size is {record.UnpackedSize} bytes. Remove files or layers.");
        }
    }

    public static void Revision(string? expected, FunctionRecord record)
    {
        if (expected is not null && expected != record.RevisionId)
        {
            throw AwsException.PreconditionFailed(
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    [GeneratedRegex(LambdaRules.FunctionNamePattern)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:iam::\d{12}:role/[a-zA-Z0-9+=,.@_/-]+$")]
    private static partial Regex RolePattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]+$")]
    private static partial Regex VariablePattern();
}
