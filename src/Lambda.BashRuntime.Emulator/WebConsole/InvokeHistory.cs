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
        HistoryEntry entry;
        lock (_gate)
        {
            entry = new HistoryEntry(
                ++_lastId, invocation.RequestId, invocation.Function.FunctionName, completed.InvocationType,
                DateTimeOffset.UtcNow, result.IsError ? "Failed" : "Succeeded", result.FunctionError,
                Capped(invocation.Payload), Capped(result.Payload), Capped(completed.Outcome.Log))
            {
                Trace = trace,
                TraceSources = sources,
            };
            _entries.AddFirst(entry);
            if (_entries.Count > Capacity)
            {
                _entries.RemoveLast();
            }
        }
        Added?.Invoke(entry);
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

    /// <summary>The text, or its first quarter and last three quarters around a line saying how much was left out.</summary>
    public static string Capped(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= MaxTextBytes)
        {
            return Encoding.UTF8.GetString(bytes);
        }
        var head = MaxTextBytes / 4;
        var tail = MaxTextBytes - head;
        return Encoding.UTF8.GetString(bytes[..head])
            + $"\n[... {bytes.Length - head - tail} bytes left out: the console keeps {MaxTextBytes / 1024} KB of each text ...]\n"
            + Encoding.UTF8.GetString(bytes[^tail..]);
    }
}

/// <summary>One invoke as the console lists it. Status: Succeeded or Failed (then FunctionError: Unhandled).</summary>
public sealed record HistoryEntry(
    long Id, string RequestId, string FunctionName, string InvocationType, DateTimeOffset CompletedAt, string Status,
    string? FunctionError, string Request, string Response, string Log)
{
    /// <summary>The handler's trace, for an invoke made with the Trace switch; else null.</summary>
    public Tracing.HandlerTrace? Trace { get; init; }

    /// <summary>The text of each code file the trace names (function.sh...), for the console to show the lines it ran.</summary>
    public Dictionary<string, string>? TraceSources { get; init; }
}
