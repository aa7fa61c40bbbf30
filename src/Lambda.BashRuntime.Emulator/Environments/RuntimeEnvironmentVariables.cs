using System.Globalization;
using Lambda.BashRuntime.Emulator.Functions;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// The environment a runtime gets, built from scratch as Lambda builds it (nothing inherited from the developer's
/// shell, so their AWS credentials stay out): the reserved variables, with the function's own variables under them.
/// In the sandbox these are Lambda's own /var/task (the code), /opt (the layers) and /var/runtime; without it, the
/// local folders that stand in for them.
/// </summary>
public static class RuntimeEnvironmentVariables
{
    public static Dictionary<string, string> Build(
        FunctionDefinition function, string runtimeApi, string task, string optDirectory, string runtimeDirectory, string region)
    {
        var variables = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi,
            ["AWS_LAMBDA_FUNCTION_NAME"] = function.FunctionName,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = function.Version,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySizeMb.ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + function.FunctionName,
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = LogStreamName(function.Version),
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
            ["LAMBDA_TASK_ROOT"] = task,
            ["LAMBDA_RUNTIME_DIR"] = runtimeDirectory,
            ["_HANDLER"] = function.Handler,
            ["LANG"] = "en_US.UTF-8",
            ["TZ"] = ":UTC",
            ["PATH"] = $"/usr/local/bin:/usr/bin/:/bin:{optDirectory}/bin",
            ["LD_LIBRARY_PATH"] = string.Join(':', "/lib64", "/usr/lib64", runtimeDirectory, runtimeDirectory + "/lib",
                task, task + "/lib", optDirectory + "/lib"),
        };
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

    /// <summary>"2024/01/31/[$LATEST]" and 32 hex digits, as Lambda names log streams.</summary>
    private static string LogStreamName(string version)
        => $"{DateTime.UtcNow:yyyy'/'MM'/'dd}/[{version}]{Guid.NewGuid():N}";
}
