using System.Globalization;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Logs;

/// <summary>
/// What one invocation's log says, beside the runtime's own output: the cold start's init (when this invoke started
/// the environment), how it ended, and the figures of its REPORT line.
/// </summary>
public sealed record InvocationLogEntry
{
    public required string RequestId { get; init; }
    public required string FunctionName { get; init; }
    public required string Version { get; init; }
    public required string Runtime { get; init; }
    public required string Region { get; init; }
    public required int MemorySizeMb { get; init; }
    public LoggingConfigRecord? Logging { get; init; }

    /// <summary>This invoke started the environment: INIT_START comes first, then what the runtime printed during init.</summary>
    public bool ColdStart { get; init; }
    public byte[] InitOutput { get; init; } = [];
    /// <summary>Init went past Lambda's 10 s and was retried within the invoke: INIT_REPORT ... Phase: init Status: timeout.</summary>
    public TimeSpan? InitTimedOutAfter { get; init; }

    /// <summary>
    /// That retried init failed too (it ran out of the function's timeout, or the runtime exited): INIT_REPORT ...
    /// Phase: invoke Status: timeout|error, as Lambda logs a failed suppressed init.
    /// </summary>
    public RetriedInitFailure? RetriedInitFailed { get; init; }

    /// <summary>What the runtime printed while serving the invocation.</summary>
    public byte[] Output { get; init; } = [];
    public required TimeSpan Duration { get; init; }
    public int? MaxMemoryUsedMb { get; init; }
    /// <summary>The init phase of a cold start that finished in time: REPORT's Init Duration.</summary>
    public TimeSpan? InitDuration { get; init; }

    /// <summary>success, error or timeout: REPORT's Status (written in text only when not success), platform.report's status.</summary>
    public string Status { get; init; } = "success";
    /// <summary>An error the platform ended the environment with (Runtime.ExitError, Runtime.OutOfMemory).</summary>
    public string? ErrorType { get; init; }
    /// <summary>The platform's line for that error ("RequestId: ... Error: Runtime exited without providing a reason").</summary>
    public string? ErrorLine { get; init; }
    /// <summary>Set for a timeout: the "Task timed out after N.NN seconds" line.</summary>
    public TimeSpan? TimedOutAfter { get; init; }
}

/// <summary>A retried init that failed: how long it ran, timeout or error, and the error's type when the platform knows it.</summary>
public sealed record RetriedInitFailure(TimeSpan Duration, string Status, string? ErrorType);

/// <summary>
/// One invocation's log as CloudWatch shows it, in the function's LogFormat: Text (INIT_START, INIT_REPORT, START,
/// what the runtime printed, the platform's error lines, END, REPORT) or JSON (platform.* records, one JSON object a
/// line, filtered by SystemLogLevel; the runtime's own lines pass through as it wrote them, as Lambda leaves them for
/// runtimes without built-in JSON logging, custom runtimes among them).
/// </summary>
public static class InvocationLog
{
    public const int TailBytes = 4096;

    /// <summary>The runtime version the INIT_START line names (a local stand-in: the emulator runs no AWS runtime build).</summary>
    public static string RuntimeVersion(string runtime)
        => (runtime.IndexOf('.') is > 0 and var dot ? runtime[..dot] + ":" + runtime[(dot + 1)..] : runtime) + ".v1";

    /// <summary>Its ARN, shaped as Lambda's (arn:aws:lambda:REGION::runtime:64 hex digits), the same for every start.</summary>
    public static string RuntimeVersionArn(string runtime, string region)
        => $"arn:aws:lambda:{region}::runtime:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("lambda-bash-runtime-emulator/" + runtime)))}";

    /// <summary>Billed Duration: Duration plus Init Duration, rounded up to the millisecond (Lambda bills the init of custom runtimes).</summary>
    public static long BilledMilliseconds(TimeSpan duration, TimeSpan? billedInit)
        => Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds + (billedInit?.TotalMilliseconds ?? 0)));

    public static byte[] Build(InvocationLogEntry entry, DateTimeOffset? endedAt = null)
    {
        var ended = endedAt ?? DateTimeOffset.UtcNow;
        return entry.Logging?.LogFormat == LoggingConfigRecord.Json ? BuildJson(entry, ended) : BuildText(entry, ended);
    }

    private static byte[] BuildText(InvocationLogEntry entry, DateTimeOffset ended)
    {
        using var log = new MemoryStream();
        if (entry.ColdStart)
        {
            Line(log, $"INIT_START Runtime Version: {RuntimeVersion(entry.Runtime)}\tRuntime Version ARN: {RuntimeVersionArn(entry.Runtime, entry.Region)}");
            Output(log, entry.InitOutput);
        }
        if (entry.InitTimedOutAfter is { } initTimeout)
        {
            Line(log, string.Create(CultureInfo.InvariantCulture, $"INIT_REPORT Init Duration: {initTimeout.TotalMilliseconds:F2} ms\tPhase: init\tStatus: timeout"));
        }
        Line(log, $"START RequestId: {entry.RequestId} Version: {entry.Version}");
        Output(log, entry.Output);
        if (entry.RetriedInitFailed is { } retry)
        {
            Line(log, string.Create(CultureInfo.InvariantCulture,
                $"INIT_REPORT Init Duration: {retry.Duration.TotalMilliseconds:F2} ms\tPhase: invoke\tStatus: {retry.Status}")
                + (retry.ErrorType is { } retryError ? $"\tError Type: {retryError}" : ""));
        }
        if (entry.TimedOutAfter is { } timeout)
        {
            Line(log, string.Create(CultureInfo.InvariantCulture,
                $"{ended.UtcDateTime:yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'} {entry.RequestId} Task timed out after {timeout.TotalSeconds:F2} seconds"));
        }
        if (entry.ErrorLine is { } errorLine)
        {
            Line(log, errorLine);
            Line(log, entry.ErrorType ?? "");
        }
        Line(log, $"END RequestId: {entry.RequestId}");
        var report = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"REPORT RequestId: {entry.RequestId}\tDuration: {entry.Duration.TotalMilliseconds:F2} ms\t")
            .Append(CultureInfo.InvariantCulture, $"Billed Duration: {BilledMilliseconds(entry.Duration, entry.InitDuration ?? entry.InitTimedOutAfter)} ms\t")
            .Append(CultureInfo.InvariantCulture, $"Memory Size: {entry.MemorySizeMb} MB\t")
            .Append(CultureInfo.InvariantCulture, $"Max Memory Used: {entry.MaxMemoryUsedMb ?? 0} MB\t");
        if (entry.InitDuration is { } init)
        {
            report.Append(CultureInfo.InvariantCulture, $"Init Duration: {init.TotalMilliseconds:F2} ms\t");
        }
        if (entry.Status != "success")
        {
            // Lambda adds these when the platform ended the invoke (a timeout, Runtime.ExitError, Runtime.OutOfMemory).
            report.Append(CultureInfo.InvariantCulture, $"Status: {entry.Status}");
            if (entry.ErrorType is { } errorType)
            {
                report.Append(CultureInfo.InvariantCulture, $"\tError Type: {errorType}");
            }
        }
        Line(log, report.ToString());
        return log.ToArray();
    }

    private static byte[] BuildJson(InvocationLogEntry entry, DateTimeOffset ended)
    {
        var level = SystemLevel(entry.Logging!.SystemLogLevel);
        var started = ended - entry.Duration;
        var initStarted = started - (entry.InitDuration ?? entry.InitTimedOutAfter ?? TimeSpan.Zero);
        using var log = new MemoryStream();
        if (entry.ColdStart && level <= Info)
        {
            Record(log, initStarted, "platform.initStart", json =>
            {
                json.WriteString("initializationType", "on-demand");
                json.WriteString("phase", "init");
                json.WriteString("runtimeVersion", RuntimeVersion(entry.Runtime));
                json.WriteString("runtimeVersionArn", RuntimeVersionArn(entry.Runtime, entry.Region));
                json.WriteString("functionName", entry.FunctionName);
                json.WriteString("functionVersion", entry.Version);
            });
        }
        if (entry.ColdStart)
        {
            Output(log, entry.InitOutput);
        }
        if (entry.InitTimedOutAfter is { } initTimeout && level <= Info)
        {
            Record(log, started, "platform.initReport", json =>
            {
                json.WriteString("initializationType", "on-demand");
                json.WriteString("phase", "init");
                json.WriteString("status", "timeout");
                json.WriteStartObject("metrics");
                json.WriteNumber("durationMs", Math.Round(initTimeout.TotalMilliseconds, 3));
                json.WriteEndObject();
            });
        }
        else if (entry.ColdStart && entry.InitDuration is { } initDone && level <= Debug)
        {
            Record(log, initStarted + initDone, "platform.initRuntimeDone", json =>
            {
                json.WriteString("initializationType", "on-demand");
                json.WriteString("phase", "init");
                json.WriteString("status", "success");
            });
        }
        if (level <= Info)
        {
            Record(log, started, "platform.start", json =>
            {
                json.WriteString("requestId", entry.RequestId);
                json.WriteString("version", entry.Version);
            });
        }
        Output(log, entry.Output);
        if (entry.RetriedInitFailed is { } retry && level <= Info)
        {
            Record(log, ended, "platform.initReport", json =>
            {
                json.WriteString("initializationType", "on-demand");
                json.WriteString("phase", "invoke");
                json.WriteString("status", retry.Status);
                if (retry.ErrorType is { } errorType)
                {
                    json.WriteString("errorType", errorType);
                }
                json.WriteStartObject("metrics");
                json.WriteNumber("durationMs", Math.Round(retry.Duration.TotalMilliseconds, 3));
                json.WriteEndObject();
            });
        }
        // A timeout's record at every level: the JSON form of the Text format's "Task timed out after N.NN seconds" line.
        if (level <= Debug || entry.TimedOutAfter is not null)
        {
            Record(log, ended, "platform.runtimeDone", json =>
            {
                json.WriteString("requestId", entry.RequestId);
                json.WriteString("status", entry.Status == "error" ? "failure" : entry.Status);
                if (entry.ErrorType is { } errorType)
                {
                    json.WriteString("errorType", errorType);
                }
                json.WriteStartObject("metrics");
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 3));
                json.WriteEndObject();
            });
        }
        if (level <= Info)
        {
            Record(log, ended, "platform.report", json =>
            {
                json.WriteString("requestId", entry.RequestId);
                json.WriteStartObject("metrics");
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 3));
                json.WriteNumber("billedDurationMs", BilledMilliseconds(entry.Duration, entry.InitDuration ?? entry.InitTimedOutAfter));
                json.WriteNumber("memorySizeMB", entry.MemorySizeMb);
                json.WriteNumber("maxMemoryUsedMB", entry.MaxMemoryUsedMb ?? 0);
                if (entry.InitDuration is { } init)
                {
                    json.WriteNumber("initDurationMs", Math.Round(init.TotalMilliseconds, 3));
                }
                json.WriteEndObject();
                json.WriteString("status", entry.Status);
                if (entry.ErrorType is { } errorType)
                {
                    json.WriteString("errorType", errorType);
                }
            });
        }
        return log.ToArray();
    }

    /// <summary>X-Amz-Log-Result: base64 of the last 4 KB of the invocation's log.</summary>
    public static string Tail(ReadOnlySpan<byte> log)
        => Convert.ToBase64String(log.Length > TailBytes ? log[^TailBytes..] : log);

    private const int Debug = 0;
    private const int Info = 1;

    /// <summary>
    /// Which platform records a SystemLogLevel lets through: DEBUG all, INFO (the default) all but the *Done ones, WARN
    /// none of these; a timeout's platform.runtimeDone (status timeout) at every level.
    /// </summary>
    private static int SystemLevel(string? level) => level switch
    {
        "DEBUG" => Debug,
        "WARN" => 2,
        _ => Info,
    };

    private static void Record(MemoryStream log, DateTimeOffset time, string type, Action<Utf8JsonWriter> record)
    {
        using (var json = new Utf8JsonWriter(log))
        {
            json.WriteStartObject();
            json.WriteString("time", time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("type", type);
            json.WriteStartObject("record");
            record(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        log.WriteByte((byte)'\n');
    }

    private static void Line(MemoryStream log, string line)
    {
        log.Write(Encoding.UTF8.GetBytes(line));
        log.WriteByte((byte)'\n');
    }

    /// <summary>The runtime's bytes as written, ended by a newline so the next platform line starts a line of its own.</summary>
    private static void Output(MemoryStream log, byte[] output)
    {
        log.Write(output);
        if (output.Length > 0 && output[^1] != (byte)'\n')
        {
            log.WriteByte((byte)'\n');
        }
    }
}
