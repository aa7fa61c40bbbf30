using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>LoggingConfig as the Lambda API checks it (the service model's enums and LogGroup pattern).</summary>
internal static partial class LoggingConfigValidation
{
    private static readonly string[] ApplicationLevels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
    private static readonly string[] SystemLevels = ["DEBUG", "INFO", "WARN"];

    /// <summary>
    /// The request's members over the current config (null: the default). JSON without levels gets INFO for both, as
    /// AWS sets them; back to Text drops the levels, which AWS accepts only with JSON.
    /// </summary>
    public static LoggingConfigRecord? Apply(LoggingConfigInput? request, LoggingConfigRecord? current, string functionName)
    {
        if (request is null)
        {
            return current;
        }
        var format = request.LogFormat ?? current?.LogFormat ?? LoggingConfigRecord.Text;
        if (format is not (LoggingConfigRecord.Text or LoggingConfigRecord.Json))
        {
            throw Enum("logFormat", format, [LoggingConfigRecord.Text, LoggingConfigRecord.Json]);
        }
        if (request.ApplicationLogLevel is { } application && !ApplicationLevels.Contains(application))
        {
            throw Enum("applicationLogLevel", application, ApplicationLevels);
        }
        if (request.SystemLogLevel is { } system && !SystemLevels.Contains(system))
        {
            throw Enum("systemLogLevel", system, SystemLevels);
        }
        if (format == LoggingConfigRecord.Text && (request.ApplicationLogLevel ?? request.SystemLogLevel) is not null)
        {
            throw AwsException.InvalidParameter(
                "To set ApplicationLogLevel or SystemLogLevel, LogFormat must be JSON: pass LogFormat=JSON with the levels.");
        }
        if (request.LogGroup is { } group && (group.Length is < 1 or > 512 || !LogGroupPattern().IsMatch(group)))
        {
            throw AwsException.InvalidParameter(
                $"1 validation error detected: Value '{group}' at 'loggingConfig.logGroup' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+ (1 to 512 characters)");
        }
        var json = format == LoggingConfigRecord.Json;
        return new LoggingConfigRecord(
            format,
            json ? request.ApplicationLogLevel ?? current?.ApplicationLogLevel ?? "INFO" : null,
            json ? request.SystemLogLevel ?? current?.SystemLogLevel ?? "INFO" : null,
            request.LogGroup ?? current?.LogGroup ?? "/aws/lambda/" + functionName);
    }

    private static AwsException Enum(string member, string value, IEnumerable<string> allowed)
        => AwsException.InvalidParameter(
            $"1 validation error detected: Value '{value}' at 'loggingConfig.{member}' failed to satisfy constraint: "
            + $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")]
    private static partial Regex LogGroupPattern();
}
