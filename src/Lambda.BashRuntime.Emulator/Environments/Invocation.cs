namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// One invoke on its way through an execution environment. Completed exactly once (the first of response, error,
/// runtime exit or timeout wins), so no invoke is answered twice.
/// </summary>
public sealed class Invocation
{
    private readonly TaskCompletionSource<InvocationResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="requestId">Null: a new one. An Event invoke read back from the queue keeps the id its caller got.</param>
    public Invocation(Functions.FunctionDefinition function, string invokedFunctionArn, byte[] payload, string? requestId = null)
    {
        RequestId = requestId ?? Guid.NewGuid().ToString("D");
        Function = function;
        InvokedFunctionArn = invokedFunctionArn;
        Payload = payload;
    }

    /// <summary>New for every invocation; set by a caller that puts it into the event too (function URLs).</summary>
    public string RequestId { get; init; } = Guid.NewGuid().ToString("D");
    public Functions.FunctionDefinition Function { get; private set; }
    public string InvokedFunctionArn { get; }
    public byte[] Payload { get; }
    public string TraceId { get; init; } = NewTraceId();
    public string? ClientContext { get; init; }
    public string? CognitoIdentity { get; init; }

    /// <summary>Run the handler under the emulator's line-by-line trace (never on Lambda: see <see cref="Tracing.TraceFile"/>).</summary>
    public bool Trace { get; init; }

    /// <summary>The trace's file, created when a traced invocation is handed to its runtime; null before or untraced.</summary>
    public Tracing.TraceFile? TraceFile { get; internal set; }

    /// <summary>Where the invoke entered (the console's history shows it); set where it enters, and per attempt for Event invokes.</summary>
    public InvokeSource? Source { get; set; }

    /// <summary>The caller reads a streamed answer as it comes (InvokeWithResponseStream, a RESPONSE_STREAM URL); others get it gathered.</summary>
    public bool StreamsToCaller { get; init; }

    /// <summary>Stopwatch timestamp of the delivery, for the REPORT line's Duration.</summary>
    public long DeliveredTimestamp { get; private set; }

    /// <summary>Stopwatch timestamp of the arrival of the runtime's answer (the end of Duration); 0 before.</summary>
    public long AnsweredTimestamp { get; private set; }

    /// <summary>Deadline given to the runtime (Lambda-Runtime-Deadline-Ms).</summary>
    public long DeadlineMs { get; private set; }

    public Task Delivered => _delivered.Task;
    public Task<InvocationResult> Completion => _completion.Task;

    /// <summary>
    /// Before it reaches an environment: its revision was replaced and its folder removed since the invoke read the
    /// registry, so the current revision serves it (as on AWS, an invoke during an update runs the old or the new code).
    /// </summary>
    internal void Retarget(Functions.FunctionDefinition current) => Function = current;

    internal void MarkDelivered(long nowMs, long timestamp)
    {
        DeliveredTimestamp = timestamp;
        DeadlineMs = InvokePhaseDeadlineMs > 0 ? InvokePhaseDeadlineMs : nowMs + Function.TimeoutSeconds * 1000L;
        _delivered.TrySetResult();
    }

    /// <summary>
    /// Set when init went past Lambda's 10 s and is retried in the invoke: the function's timeout then runs from the
    /// retry's start, and covers the retried init and the handler together.
    /// </summary>
    public long InvokePhaseDeadlineMs { get; private set; }

    internal void StartInvokePhase(long nowMs) => InvokePhaseDeadlineMs = nowMs + Function.TimeoutSeconds * 1000L;

    /// <summary>Completes the invocation unless something else already did; true for the one caller that won.</summary>
    public bool TryComplete(InvocationResult result, long answeredTimestamp = 0)
    {
        if (answeredTimestamp > 0 && !_completion.Task.IsCompleted)
        {
            AnsweredTimestamp = answeredTimestamp;
        }
        if (!_completion.TrySetResult(result))
        {
            return false;
        }
        _delivered.TrySetResult();
        return true;
    }

    /// <summary>
    /// Lambda-Runtime-Trace-Id for an invoke: the caller's X-Amzn-Trace-Id as it came when it names a trace
    /// (Root=1-8 hex-24 hex, as X-Ray writes it), so a trace started upstream goes on through the function; else a new one.
    /// </summary>
    public static string TraceIdFrom(string? callerHeader)
        => callerHeader is { Length: > 0 and <= 1024 } header
            && header.Split(';').Any(part => System.Text.RegularExpressions.Regex.IsMatch(part.Trim(), "^Root=1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}$"))
            && !header.Any(char.IsControl)
                ? header
                : NewTraceId();

    public static string NewTraceId()
    {
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var id = Guid.NewGuid().ToString("N");
        return $"Root=1-{seconds:x8}-{id[..24]};Parent={id[16..]};Sampled=0";
    }
}
