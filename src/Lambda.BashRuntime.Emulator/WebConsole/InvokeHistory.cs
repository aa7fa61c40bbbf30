using System.Text;
using Lambda.BashRuntime.Emulator.Environments;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// The last <see cref="Capacity"/> invokes of any client (the console, the AWS CLI, tests), kept in the emulator's
/// memory so the console shows them after a page reload (not after a restart). Each entry's texts are capped at
/// <see cref="MaxTextBytes"/>, keeping the start and the end of a log (START and REPORT), so 100 entries stay small
/// whatever a function prints.
/// </summary>
public sealed class InvokeHistory
{
    public const int Capacity = 100;

    /// <summary>64 KiB per text (event, answer, log) of one entry: the console's own cap, not the per-invoke log cap.</summary>
    public const int MaxTextBytes = 64 * 1024;

    private readonly object _gate = new();
    private readonly LinkedList<HistoryEntry> _entries = new();
    private long _lastId;

    /// <summary>After an entry is added (the live feed listens).</summary>
    public event Action<HistoryEntry>? Added;

    public void Record(InvokeCompleted completed)
    {
        var invocation = completed.Invocation;
        var result = completed.Outcome.Result!;
        var trace = invocation.TraceFile?.Read();
        var sources = trace is null ? null : TraceSources.Read(invocation.Function.CodeDirectory, trace);
        // A streamed answer went to its caller chunk by chunk: the history has what the stream carried, and its end.
        var stream = result.Stream;
        var end = stream?.Ended is { IsCompletedSuccessfully: true } ended ? ended.Result : null;
        var response = stream is null ? Capped(result.Payload) : Capped(stream.Transcript);
        var (errorType, errorMessage) = result.IsError ? HistoryErrors.Read(result.Payload, null)
            : end is { IsError: true } ? HistoryErrors.Read(System.Text.Encoding.UTF8.GetBytes(end.ErrorDetails ?? ""), end.ErrorType)
            : (null, null);
        var log = Capped(completed.Outcome.Log);
        HistoryEntry entry;
        lock (_gate)
        {
            entry = new HistoryEntry(
                ++_lastId, invocation.RequestId, invocation.Function.FunctionName, completed.InvocationType,
                DateTimeOffset.UtcNow, errorType is null && !result.IsError ? "Succeeded" : "Failed",
                result.FunctionError ?? (end is { IsError: true } ? "Unhandled" : null),
                Capped(invocation.Payload), response, log)
            {
                Trace = trace,
                TraceSources = sources,
                Source = invocation.Source,
                Qualifier = QualifierOf(invocation.InvokedFunctionArn),
                ExecutedVersion = invocation.Function.Version,
                ErrorType = errorType,
                ErrorMessage = errorMessage,
                Streamed = stream is not null,
                ResponseContentType = stream?.ContentType,
                RequestTruncated = invocation.Payload.Length > MaxTextBytes,
                Figures = ReportFigures.Read(log),
            };
            _entries.AddFirst(entry);
            if (_entries.Count > Capacity)
            {
                _entries.RemoveLast();
            }
        }
        Added?.Invoke(entry);
    }

    /// <summary>The qualifier the caller named (a version or an alias), from the ARN it invoked; null for the unqualified name.</summary>
    public static string? QualifierOf(string invokedFunctionArn)
    {
        var parts = invokedFunctionArn.Split(':');
        return parts.Length == 8 && parts[7].Length > 0 ? parts[7] : null;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<HistoryEntry> List()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public HistoryEntry? Find(string requestId)
    {
        lock (_gate)
        {
            return _entries.FirstOrDefault(e => e.RequestId == requestId);
        }
    }

    /// <summary>A streamed answer's text, capped as <see cref="Capped(ReadOnlySpan{byte})"/> caps one.</summary>
    public static string Capped(StreamTranscript transcript)
    {
        var (head, tail) = transcript.Kept();
        return transcript.Length <= MaxTextBytes
            ? Encoding.UTF8.GetString([.. head, .. tail])
            : Encoding.UTF8.GetString(head) + LeftOut(transcript.Length - head.Length - tail.Length) + Encoding.UTF8.GetString(tail);
    }

    private static string LeftOut(long bytes)
        => $"\n[... {bytes} bytes left out: the console keeps {MaxTextBytes / 1024} KB of each text ...]\n";

    /// <summary>The text, or its first quarter and last three quarters around a line saying how much was left out.</summary>
    public static string Capped(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= MaxTextBytes)
        {
            return Encoding.UTF8.GetString(bytes);
        }
        var head = MaxTextBytes / 4;
        var tail = MaxTextBytes - head;
        return Encoding.UTF8.GetString(bytes[..head]) + LeftOut(bytes.Length - head - tail) + Encoding.UTF8.GetString(bytes[^tail..]);
    }
}

/// <summary>One invoke as the console lists it. Status: Succeeded or Failed (then FunctionError: Unhandled, and ErrorType).</summary>
public sealed record HistoryEntry(
    long Id, string RequestId, string FunctionName, string InvocationType, DateTimeOffset CompletedAt, string Status,
    string? FunctionError, string Request, string Response, string Log)
{
    /// <summary>The handler's trace, for an invoke made with the Trace switch; else null.</summary>
    public Tracing.HandlerTrace? Trace { get; init; }

    /// <summary>The text of each code file the trace names (function.sh...), for the console to show the lines it ran.</summary>
    public Dictionary<string, string>? TraceSources { get; init; }

    /// <summary>Where the invoke entered: the console, the Invoke API, a function URL, an Event attempt.</summary>
    public InvokeSource? Source { get; init; }

    /// <summary>The version or alias the caller named (a re-run names it again); null for the function's plain name.</summary>
    public string? Qualifier { get; init; }

    public string ExecutedVersion { get; init; } = "$LATEST";

    /// <summary>A failure's errorType and errorMessage, from the error the function (or the platform) answered.</summary>
    public string? ErrorType { get; init; }
    public string? ErrorMessage { get; init; }

    /// <summary>The answer was streamed to its caller (InvokeWithResponseStream, a RESPONSE_STREAM URL, the console).</summary>
    public bool Streamed { get; init; }

    /// <summary>The Content-Type a streamed answer was posted with (a prelude first for the HTTP integration's); null when buffered.</summary>
    public string? ResponseContentType { get; init; }

    /// <summary>The event was longer than the history keeps: Request is cut, so it cannot be re-run from here.</summary>
    public bool RequestTruncated { get; init; }

    public ReportFigures Figures { get; init; } = ReportFigures.None;
}
