using System.Globalization;
using Lambda.BashRuntime.Emulator.Functions;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// The environment a runtime gets, built from scratch as Lambda builds it (nothing inherited from the developer's
/// shell, so their AWS credentials stay out): the reserved variables, with the function's own variables beside them.
/// LANG, PATH and LD_LIBRARY_PATH are not reserved on Lambda ("can be extended in your function configuration"):
/// Lambda's values unless the function sets its own, which then stand as set.
/// In the sandbox these are Lambda's own /var/task (the code), /opt (the layers) and /var/runtime; without it, the
/// local folders that stand in for them.
/// </summary>
public static class RuntimeEnvironmentVariables
{
    public static Dictionary<string, string> Build(
        FunctionDefinition function, string runtimeApi, string task, string optDirectory, string runtimeDirectory, string region)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LANG"] = "en_US.UTF-8",
            ["PATH"] = $"/usr/local/bin:/usr/bin/:/bin:{optDirectory}/bin",
            ["LD_LIBRARY_PATH"] = string.Join(':', "/lib64", "/usr/lib64", runtimeDirectory, runtimeDirectory + "/lib",
                task, task + "/lib", optDirectory + "/lib"),
        };
        foreach (var (name, value) in function.Environment)
        {
            variables[name] = value; // reserved names were refused when the configuration was set
        }
        variables["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        variables["AWS_LAMBDA_FUNCTION_NAME"] = function.FunctionName;
        variables["AWS_LAMBDA_FUNCTION_VERSION"] = function.Version;
        variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
        variables["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + function.FunctionName;
        variables["AWS_LAMBDA_LOG_STREAM_NAME"] = LogStreamName(function.Version);
        variables["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        variables["AWS_REGION"] = region;
        variables["AWS_DEFAULT_REGION"] = region;
        variables["LAMBDA_TASK_ROOT"] = task;
        variables["LAMBDA_RUNTIME_DIR"] = runtimeDirectory;
        variables["_HANDLER"] = function.Handler;
        variables["TZ"] = ":UTC";
        if (function.Logging is { } logging)
        {
            variables["AWS_LAMBDA_LOG_GROUP_NAME"] = logging.LogGroup;
            if (logging.LogFormat == Storage.LoggingConfigRecord.Json)
            {
                // What runtimes read to write JSON application logs at the level asked for.
                variables["AWS_LAMBDA_LOG_FORMAT"] = logging.LogFormat;
                variables["AWS_LAMBDA_LOG_LEVEL"] = logging.ApplicationLogLevel ?? "INFO";
            }
        }
        return variables;
    }

    /// <summary>The environment's own credentials, where Lambda puts its execution role's (see <see cref="Security.FunctionCredentials"/>).</summary>
    public static void AddCredentials(Dictionary<string, string> variables, Security.IssuedCredentials credentials)
    {
        variables["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        variables["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        variables["AWS_SESSION_TOKEN"] = credentials.SessionToken;
    }

    /// <summary>"2024/01/31/[$LATEST]" and 32 hex digits, as Lambda names log streams.</summary>
    private static string LogStreamName(string version)
        => $"{DateTime.UtcNow:yyyy'/'MM'/'dd}/[{version}]{Guid.NewGuid():N}";
}
