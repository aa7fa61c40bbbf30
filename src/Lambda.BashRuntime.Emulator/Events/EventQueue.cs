using System.Text.Json;
using System.Threading.Channels;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Events;

/// <summary>An Event invoke read back from its file: which attempt comes next, since when it waits, and not before when.</summary>
public sealed record QueuedEvent(Invocation? Invocation, string FunctionName, int Attempt, long EnqueuedAtMs, long NotBeforeMs);

/// <summary>
/// Event invokes accepted (202) and not yet finished, one file each in <c>{state}/events</c>: a JSON header line,
/// then the payload bytes. Memory holds only the file names, so a flood of 1 MB events costs disk, not RAM. Bounded by
/// <see cref="EmulatorOptions.MaxQueuedEvents"/>; files are read back at start, so with --state-dir queued events
/// survive a restart (and a kill -9: each file is flushed to disk before the 202).
/// </summary>
public sealed class EventQueue
{
    private const string Extension = ".event";
    private readonly object _gate = new();
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>();
    private int _count;
    private readonly DurableWrites _writes;
    private long _sequence;

    public EventQueue(EmulatorPaths paths, EmulatorOptions options, DurableWrites writes)
    {
        _writes = writes;
        Limit = options.MaxQueuedEvents;
        Folder = Directory.CreateDirectory(Path.Combine(paths.StateDirectory, "events")).FullName;
        DurableFile.RemoveLeftovers(Folder, "*" + Extension);
        foreach (var file in Directory.EnumerateFiles(Folder, "*" + Extension).Order(StringComparer.Ordinal))
        {
            _pending.Writer.TryWrite(file);
            _count++;
        }
    }

    /// <summary>Where the queued events are kept.</summary>
    public string Folder { get; }

    public int Limit { get; }

    /// <summary>Events accepted and not finished (waiting or running).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Writes the event to disk and queues it; false when <see cref="Limit"/> events are already queued.</summary>
    public bool TryEnqueue(Invocation invocation)
    {
        lock (_gate)
        {
            if (_count >= Limit)
            {
                return false;
            }
            _count++;
        }
        try
        {
            // Ticks first, then a counter: ordinal file-name order is arrival order, across restarts too.
            var name = $"{DateTime.UtcNow.Ticks:D19}-{Interlocked.Increment(ref _sequence):D10}-{invocation.RequestId}{Extension}";
            var path = Path.Combine(Folder, name);
            _writes.WriteAllBytes(path, [.. Header(invocation, 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0), (byte)'\n', .. invocation.Payload]);
            _pending.Writer.TryWrite(path);
            return true;
        }
        catch
        {
            Forget();
            throw;
        }
    }

    /// <summary>The next queued event's file, in arrival order.</summary>
    public ValueTask<string> DequeueAsync(CancellationToken cancel) => _pending.Reader.ReadAsync(cancel);

    /// <summary>
    /// Reads a queued event back; its Invocation null (and the file removed) when its function no longer exists. No
    /// Client-Context: Lambda passes it to synchronous invokes only.
    /// </summary>
    public QueuedEvent Load(string file, FunctionRegistry registry)
    {
        var bytes = File.ReadAllBytes(file);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        using var header = JsonDocument.Parse(bytes.AsMemory(0, newline));
        var root = header.RootElement;
        var functionName = root.GetProperty("functionName").GetString()!;
        var attempt = root.TryGetProperty("attempt", out var a) ? a.GetInt32() : 1;
        // Files of an older emulator have no time: their age counts from now.
        var enqueuedAt = root.TryGetProperty("enqueuedAtMs", out var e) ? e.GetInt64() : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var notBefore = root.TryGetProperty("notBeforeMs", out var n) ? n.GetInt64() : 0;
        var invoked = root.GetProperty("invokedFunctionArn").GetString()!;
        // The version the invoke named (an alias picks one now), in its region; by name alone for files without an ARN's region.
        var named = FunctionNames.Parse(invoked);
        var function = named.Region is { Length: > 0 } region ? registry.Find(named.Name, region, named.Qualifier) : registry.Find(functionName);
        if (function is null)
        {
            Complete(file);
            return new QueuedEvent(null, functionName, attempt, enqueuedAt, notBefore);
        }
        var invocation = new Invocation(function, invoked, bytes[(newline + 1)..],
            root.GetProperty("requestId").GetString())
        {
            TraceId = root.TryGetProperty("traceId", out var trace) ? trace.GetString()! : Invocation.NewTraceId(),
        };
        return new QueuedEvent(invocation, functionName, attempt, enqueuedAt, notBefore);
    }

    /// <summary>
    /// A failed attempt to be retried at <paramref name="notBeforeMs"/>: the file is rewritten with the next attempt's
    /// number and time (so a restart with --state-dir keeps both), and queued again once that time comes.
    /// </summary>
    public void Retry(string file, QueuedEvent queued, long notBeforeMs)
    {
        var invocation = queued.Invocation!;
        _writes.WriteAllBytes(file, [.. Header(invocation, queued.Attempt + 1, queued.EnqueuedAtMs, notBeforeMs), (byte)'\n', .. invocation.Payload]);
        Defer(file, notBeforeMs);
    }

    /// <summary>Queues the file again at <paramref name="notBeforeMs"/> (a retry's time, read back after a restart).</summary>
    public void Defer(string file, long notBeforeMs)
    {
        var wait = TimeSpan.FromMilliseconds(Math.Max(0, notBeforeMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        _ = Task.Delay(wait).ContinueWith(_ => _pending.Writer.TryWrite(file), TaskScheduler.Default);
    }

    /// <summary>The event ran (or cannot run): its file goes and its place in the bound is free.</summary>
    public void Complete(string file)
    {
        File.Delete(file);
        Forget();
    }

    private void Forget()
    {
        lock (_gate)
        {
            _count--;
        }
    }

    private static byte[] Header(Invocation invocation, int attempt, long enqueuedAtMs, long notBeforeMs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("requestId", invocation.RequestId);
            json.WriteString("functionName", invocation.Function.FunctionName);
            json.WriteString("invokedFunctionArn", invocation.InvokedFunctionArn);
            json.WriteString("traceId", invocation.TraceId);
            json.WriteNumber("attempt", attempt);
            json.WriteNumber("enqueuedAtMs", enqueuedAtMs);
            if (notBeforeMs > 0)
            {
                json.WriteNumber("notBeforeMs", notBeforeMs);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
