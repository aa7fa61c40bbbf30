using System.Diagnostics;
using System.Threading.Channels;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Logs;
using Lambda.BashRuntime.Emulator.Processes;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// One runtime process serving one function revision, one invoke at a time, reached by the runtime through its own
/// Runtime API port. Its life is one <see cref="EnvironmentState"/>, changed only under one lock; invocations are
/// handed over through a channel, so /next waits without polling.
/// </summary>
public sealed class ExecutionEnvironment
{
    private readonly object _gate = new();
    private readonly Channel<Invocation> _inbox = Channel.CreateUnbounded<Invocation>();
    private long _startedAt = Stopwatch.GetTimestamp();
    private Invocation? _assigned;
    private TimeSpan? _initDuration;
    private byte[] _initOutput = [];
    private bool _initRetried;
    private bool _resetting;
    private volatile EnvironmentState _state = EnvironmentState.Starting;
    private IRuntimeProcess? _process;

    public ExecutionEnvironment(FunctionDefinition function, int port, FunctionLogFile log)
    {
        Function = function;
        Port = port;
        Log = log;
    }

    public FunctionDefinition Function { get; }
    public int Port { get; }
    public FunctionLogFile Log { get; }
    /// <summary>Changed under the lock; read without it by the slot pool and the console (volatile: never a stale value).</summary>
    public EnvironmentState State
    {
        get => _state;
        private set => _state = value;
    }
    public IRuntimeProcess? Process => _process;

    /// <summary>This environment's own folder of trace files (bound at BwrapArguments.TraceFolder in its sandbox); null before its start.</summary>
    public string? TraceFolder { get; set; }

    /// <summary>At most this much of what the runtime printed during init is kept for the cold invoke's log.</summary>
    public int InitLogLimit { get; set; } = 1024 * 1024;

    /// <summary>
    /// Raised once, when it becomes <see cref="EnvironmentState.Retired"/>: at the release of the invoke that held it
    /// when it died, or at once when it died idle (a runtime that exits after answering, killed between invokes).
    /// </summary>
    public event Action<ExecutionEnvironment>? Retired;

    /// <summary>Dead and no invoke holds it any more (its log has been read): its slot can take a new environment.</summary>
    public bool IsRetired => State == EnvironmentState.Retired;

    /// <summary>An invoke holds it: starting, reserved, serving or answered (the web console counts these as busy).</summary>
    public bool IsBusy => State is EnvironmentState.Starting or EnvironmentState.Reserved or EnvironmentState.Serving
        or EnvironmentState.Answered;

    private bool IsGone => State is EnvironmentState.Dead or EnvironmentState.Retired;

    /// <summary>
    /// Starts the runtime for its first invocation, or again for the same invocation after <see cref="ResetInitAsync"/>
    /// (the event is queued once: the first runtime never took it).
    /// </summary>
    public void Start(IRuntimeProcess process, Invocation first)
    {
        bool gone;
        bool again;
        lock (_gate)
        {
            gone = IsGone;
            again = _process is not null || _initRetried;
            if (!gone)
            {
                _process = process;
                _startedAt = process.StartedTimestamp;
                _assigned = first;
            }
        }
        if (gone)
        {
            process.KillAll(); // killed (shutdown, say) while its init was being retried
            return;
        }
        if (!again)
        {
            _inbox.Writer.TryWrite(first);
        }
        _ = process.Exited.ContinueWith(t => OnExited(process, t.Result), TaskScheduler.Default);
    }

    /// <summary>
    /// Init went past Lambda's limit: ends the runtime with all its processes and keeps the invocation, so that a new
    /// runtime (started by the caller) inits again within the function's timeout, as Lambda retries the Init phase at
    /// the first invoke. What the first runtime printed stays for the log, before INIT_REPORT. False when the init
    /// ended meanwhile (the event was taken, or the runtime died).
    /// </summary>
    public async Task<bool> ResetInitAsync()
    {
        IRuntimeProcess? process;
        lock (_gate)
        {
            if (State != EnvironmentState.Starting || _assigned is null || _initRetried)
            {
                return false;
            }
            _initRetried = true;
            _resetting = true;
            process = _process;
            _process = null; // its exit is not this environment's death
        }
        if (process is not null)
        {
            process.KillAll();
            await process.Exited;
        }
        var output = Log.ReadNew(InitLogLimit);
        lock (_gate)
        {
            _resetting = false;
            _initOutput = output;
        }
        return true;
    }

    /// <summary>Hands an invocation to this (reserved, warm) environment.</summary>
    public void Assign(Invocation invocation)
    {
        lock (_gate)
        {
            if (IsGone)
            {
                invocation.TryComplete(FunctionErrors.Exited(invocation.RequestId, "runtime is not running"));
                return;
            }
            _assigned = invocation;
        }
        _inbox.Writer.TryWrite(invocation);
    }

    /// <summary>
    /// /next: waits for this environment's next invocation. Null when the environment died meanwhile. A /next while an
    /// invocation is being served is not refused: the Runtime Interface Emulator allows Ready from its Running state
    /// (core/states.go), so the call waits for the next event while the one served still awaits its answer (or its
    /// timeout).
    /// </summary>
    public async ValueTask<Invocation?> NextAsync(CancellationToken cancel)
    {
        while (true)
        {
            Invocation invocation;
            try
            {
                invocation = await _inbox.Reader.ReadAsync(cancel);
            }
            catch (ChannelClosedException)
            {
                return null;
            }
            lock (_gate)
            {
                if (invocation != _assigned || invocation.Completion.IsCompleted)
                {
                    continue; // abandoned (its invoke already ended): never deliver it
                }
                if (_resetting)
                {
                    // The runtime being ended for its slow init asked just now: the retried one gets the event.
                    _inbox.Writer.TryWrite(invocation);
                    return null;
                }
                if (State == EnvironmentState.Starting && !_initRetried)
                {
                    _initDuration = Stopwatch.GetElapsedTime(_startedAt);
                    // Read before the event goes out: everything so far was printed during init (INIT_START's part).
                    _initOutput = Log.ReadNew(InitLogLimit);
                }
                State = EnvironmentState.Serving;
            }
            invocation.MarkDelivered(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Stopwatch.GetTimestamp());
            return invocation;
        }
    }

    /// <summary>/invocation/id/response and /error: the answer for the invocation being served.</summary>
    public RuntimeCallOutcome Answer(string requestId, Func<InvocationResult> result)
    {
        Invocation invocation;
        lock (_gate)
        {
            if (State != EnvironmentState.Serving || _assigned is null)
            {
                return RuntimeCallOutcome.InvalidState;
            }
            if (!string.Equals(_assigned.RequestId, requestId, StringComparison.Ordinal))
            {
                return RuntimeCallOutcome.InvalidRequestId;
            }
            invocation = _assigned;
            _assigned = null;
            State = EnvironmentState.Answered;
        }
        invocation.TryComplete(result(), Stopwatch.GetTimestamp());
        return RuntimeCallOutcome.Accepted;
    }

    /// <summary>/init/error: only during init; fails the invocation that started this environment.</summary>
    public RuntimeCallOutcome InitError(byte[] body, string? errorType)
    {
        Invocation? invocation;
        lock (_gate)
        {
            if (State != EnvironmentState.Starting)
            {
                return RuntimeCallOutcome.InvalidState;
            }
            invocation = _assigned;
            _assigned = null;
            State = EnvironmentState.Answered;
        }
        invocation?.TryComplete(InvocationResult.RuntimeError(body, errorType, InvocationEnd.InitFailed));
        return RuntimeCallOutcome.Accepted;
    }

    /// <summary>Init duration, reported once (on the cold invoke's REPORT line); null after a retried init.</summary>
    public TimeSpan? TakeInitDuration()
    {
        lock (_gate)
        {
            var duration = _initDuration;
            _initDuration = null;
            return duration;
        }
    }

    /// <summary>What the runtime printed during init (read at its first /next, or when its init was cut), once.</summary>
    public byte[] TakeInitOutput()
    {
        lock (_gate)
        {
            var output = _initOutput;
            _initOutput = [];
            return output;
        }
    }

    /// <summary>Idle → Reserved for a new invoke; false when not idle.</summary>
    public bool TryReserve()
    {
        lock (_gate)
        {
            if (State != EnvironmentState.Idle)
            {
                return false;
            }
            State = EnvironmentState.Reserved;
            return true;
        }
    }

    /// <summary>The invoke that held it is done: back to Idle (warm), or Retired when it died meanwhile.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (IsRetired)
            {
                return; // released already (an evicted environment whose invoke let go)
            }
            State = IsGone ? EnvironmentState.Retired : EnvironmentState.Idle;
            if (!IsRetired)
            {
                return;
            }
        }
        Retired?.Invoke(this);
    }

    /// <summary>Kills the runtime's whole process group and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        MarkDead(null);
        if (_process is { } process)
        {
            process.KillAll();
            await process.Exited;
        }
    }

    private void OnExited(IRuntimeProcess process, int exitCode)
    {
        if (ReferenceEquals(process, _process))
        {
            MarkDead(exitCode);
        }
    }

    private void MarkDead(int? exitCode)
    {
        Invocation? orphan;
        bool idle;
        lock (_gate)
        {
            if (IsGone)
            {
                return; // killed first, then its exit seen (or the other way round)
            }
            // No invoke holds an idle environment, so none would ever release it: it is retired here.
            idle = State == EnvironmentState.Idle;
            State = idle ? EnvironmentState.Retired : EnvironmentState.Dead;
            orphan = _assigned;
            _assigned = null;
        }
        _inbox.Writer.TryComplete();
        if (idle)
        {
            Retired?.Invoke(this);
        }
        if (orphan is not null)
        {
            orphan.TryComplete(_process?.OutOfMemory == true
                ? FunctionErrors.OutOfMemory(orphan.RequestId)
                : FunctionErrors.Exited(orphan.RequestId, exitCode is { } code ? FunctionErrors.ExitDescription(code) : "signal: killed"));
        }
    }
}
