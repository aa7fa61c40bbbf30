using System.Diagnostics;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Logs;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>What an invoke produced: its result and its CloudWatch-style log; or it was throttled.</summary>
public sealed record InvokeOutcome(InvocationResult? Result, byte[] Log)
{
    public static readonly InvokeOutcome Throttled = new(null, []);
    public static readonly InvokeOutcome ShuttingDown = new(null, []);

    public bool IsThrottled => ReferenceEquals(this, Throttled);
    public bool IsShuttingDown => ReferenceEquals(this, ShuttingDown);
}

/// <summary>An invoke that ran: what was asked, what came back, and how it was asked (RequestResponse or Event).</summary>
public sealed record InvokeCompleted(Invocation Invocation, InvokeOutcome Outcome, string InvocationType);

/// <summary>
/// Runs invocations: takes an execution environment from the slot pool (warm, or a new one), hands the event over,
/// waits for the answer within the function's timeout, and retires environments that crashed or timed out.
/// Tracks invokes in flight so shutdown can let them finish.
/// </summary>
public sealed class Invoker(
    SlotPool pool, EnvironmentFactory factory, FunctionRegistry registry, IFunctionLogSink logSink, EmulatorOptions options)
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _inFlight;
    private bool _draining;
    private TaskCompletionSource? _drained;
    private Task _ready = Task.CompletedTask;

    /// <summary>After each invoke that ran (not throttled): the web console's history listens.</summary>
    public event Action<InvokeCompleted>? Completed;

    /// <summary>
    /// Runs one invocation. Throttled when every slot is busy, unless <paramref name="queue"/> (Event invokes, see
    /// <see cref="Events.EventDispatcher"/>): then it waits for a slot, and throws OperationCanceledException when the
    /// emulator stops first.
    /// </summary>
    public async Task<InvokeOutcome> InvokeAsync(Invocation invocation, bool queue = false)
    {
        if (!Enter())
        {
            return InvokeOutcome.ShuttingDown;
        }
        try
        {
            var outcome = await RunAsync(invocation, queue);
            Report(invocation, outcome, queue ? "Event" : "RequestResponse");
            return outcome;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>True once shutdown has begun: new invokes are refused.</summary>
    public bool IsDraining
    {
        get
        {
            lock (_gate)
            {
                return _draining;
            }
        }
    }

    /// <summary>Refuses new invokes and waits for those in flight (each bounded by its function's timeout).</summary>
    public async Task DrainAsync(CancellationToken cancel)
    {
        Task drained;
        lock (_gate)
        {
            _draining = true;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight == 0)
            {
                _drained.TrySetResult();
            }
            drained = _drained.Task;
        }
        try
        {
            await drained.WaitAsync(cancel);
        }
        finally
        {
            await _stopping.CancelAsync(); // Event invokes still waiting for a slot give up
        }
    }

    /// <summary>
    /// Runtimes start only once <paramref name="ready"/> completes: the host's warm-up, so that its first-time costs are
    /// not billed to a function's Init Duration, while what comes before an invoke (creating the function) overlaps it.
    /// </summary>
    public void StartRuntimesAfter(Task ready) => _ready = ready;

    private async Task<InvokeOutcome> RunAsync(Invocation invocation, bool queue)
    {
        await _ready;
        // This invoke holds its revision's folder until it is done: an update meanwhile removes it only afterwards.
        while (invocation.Function.Folder is { } folder && !folder.TryUse())
        {
            // Replaced and removed since the invoke read the registry: the current revision serves it.
            if (registry.Current(invocation.Function) is not { } current)
            {
                return new InvokeOutcome(FunctionErrors.InitFailed(invocation.RequestId,
                    $"the function {invocation.Function.FunctionName} was deleted while this invoke was on its way"), []);
            }
            invocation.Retarget(current);
        }
        try
        {
            return await RunHoldingFolderAsync(invocation, queue);
        }
        finally
        {
            invocation.Function.Folder?.Release();
        }
    }

    private async Task<InvokeOutcome> RunHoldingFolderAsync(Invocation invocation, bool queue)
    {
        var function = invocation.Function;
        if (function.Unpacking is { IsValueCreated: false } unpacking)
        {
            try
            {
                await Task.Run(() => unpacking.Value); // first invoke since start-up: unpack outside any lock or slot
            }
            catch (Exception e) when (e is Packages.PackageException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                return new InvokeOutcome(
                    FunctionErrors.InitFailed(invocation.RequestId, $"the function's code could not be unpacked: {e.Message}"), []);
            }
        }
        SlotPool.Lease? lease;
        while ((lease = pool.TryAcquire(function, port => factory.Create(function, port), IsCurrent)) is null)
        {
            if (!queue)
            {
                return InvokeOutcome.Throttled;
            }
            await pool.WaitForReleaseAsync(_stopping.Token);
        }
        var environment = lease.Value.Environment;
        var started = Stopwatch.GetTimestamp();
        byte[] log;
        InvocationResult result;
        try
        {
            if (lease.Value.IsNew)
            {
                environment.InitLogLimit = options.MaxLogBytesPerInvocation;
                if (lease.Value.Replaced is { } replaced)
                {
                    await replaced.KillAsync();
                    replaced.Release(); // evicted: this invoke had reserved it
                    replaced.Log.Dispose();
                }
                if (factory.Start(environment, invocation) is { } startFailure)
                {
                    invocation.TryComplete(startFailure);
                    await environment.KillAsync();
                }
            }
            else
            {
                environment.Assign(invocation);
            }

            var init = await WaitForResultAsync(invocation, environment, lease.Value.IsNew);
            result = await StreamedAnswer.WaitForEndAsync(invocation, init.Result); // response streaming: until its last chunk
            var ended = invocation.AnsweredTimestamp > 0 && result.Stream is null ? invocation.AnsweredTimestamp : Stopwatch.GetTimestamp();
            if (result.End == InvocationEnd.Answered && environment.Process?.OutOfMemory == true)
            {
                // The kernel killed one of its processes (a pipeline's `tail`, say) and the handler still answered:
                // Lambda ends the whole environment there.
                result = FunctionErrors.OutOfMemory(invocation.RequestId);
            }
            if (result.End != InvocationEnd.Answered)
            {
                await environment.KillAsync(); // crashed, timed out, out of memory or failed init: kill it all, free the slot
            }

            var output = environment.Log.ReadNew(options.MaxLogBytesPerInvocation);
            if (!IsCurrent(function))
            {
                // Replaced or deleted while it ran: nothing can reuse it, so its /tmp and code folder go now.
                await environment.KillAsync();
            }
            var peakMemory = environment.Process?.PeakMemoryMb;
            if (result.End == InvocationEnd.OutOfMemory)
            {
                peakMemory = Math.Max(peakMemory ?? 0, function.MemorySizeMb);
            }
            // Duration runs from the event's delivery; after a retried init, from the retry (the invoke phase).
            var from = init.InvokePhaseStarted > 0 ? init.InvokePhaseStarted
                : invocation.DeliveredTimestamp > 0 ? invocation.DeliveredTimestamp : started;
            var initDuration = environment.TakeInitDuration();
            log = InvocationLog.Build(new InvocationLogEntry
            {
                RequestId = invocation.RequestId,
                FunctionName = function.FunctionName,
                Version = function.Version,
                Runtime = function.Runtime,
                Region = function.Region,
                MemorySizeMb = function.MemorySizeMb,
                Logging = function.Logging,
                ColdStart = lease.Value.IsNew,
                InitOutput = environment.TakeInitOutput(),
                InitTimedOutAfter = init.InitTimedOutAfter,
                RetriedInitFailed = init.RetryFailed,
                Output = output,
                Duration = Stopwatch.GetElapsedTime(from, ended),
                MaxMemoryUsedMb = peakMemory,
                InitDuration = init.InitTimedOutAfter is null ? initDuration : null,
                Status = result.End switch
                {
                    InvocationEnd.TimedOut => "timeout",
                    InvocationEnd.RuntimeExited or InvocationEnd.OutOfMemory or InvocationEnd.InitFailed => "error",
                    _ => "success",
                },
                ErrorType = result.LogErrorType,
                ErrorLine = result.LogLine,
                TimedOutAfter = result.End == InvocationEnd.TimedOut ? TimeSpan.FromSeconds(function.TimeoutSeconds) : null,
            });
        }
        catch
        {
            await environment.KillAsync(); // an environment in an unknown state is never reused
            throw;
        }
        finally
        {
            pool.Release(environment); // whatever happened above, the slot is given back
        }
        logSink.Write(log);
        return new InvokeOutcome(result, log);
    }

    /// <summary>How the wait went: the result, and whether init was cut at Lambda's limit and retried in the invoke.</summary>
    private readonly record struct Waited(InvocationResult Result, TimeSpan? InitTimedOutAfter, long InvokePhaseStarted, RetriedInitFailure? RetryFailed);

    /// <summary>
    /// Waits for the runtime to take the event, then for its answer, within the function's timeout. A new
    /// environment's init has Lambda's 10 s (<see cref="EmulatorOptions.InitTimeout"/>); past it the runtime is ended
    /// and started again, and that second init runs within the function's own timeout, as Lambda retries the Init
    /// phase at the first invoke ("Lambda execution environment lifecycle", Init phase): a 12 s start-up with
    /// Timeout 60 works, and a second init that is too slow ends as the invoke's timeout.
    /// </summary>
    private async Task<Waited> WaitForResultAsync(Invocation invocation, ExecutionEnvironment environment, bool isNew)
    {
        var timeout = TimeSpan.FromSeconds(invocation.Function.TimeoutSeconds);
        TimeSpan? initTimedOutAfter = null;
        long invokePhaseStarted = 0;
        RetriedInitFailure? retryFailed = null;
        var waiting = Stopwatch.GetTimestamp();
        try
        {
            await invocation.Delivered.WaitAsync(options.InitTimeout);
        }
        catch (TimeoutException)
        {
            var initTook = Stopwatch.GetElapsedTime(waiting);
            if (isNew && await environment.ResetInitAsync())
            {
                initTimedOutAfter = initTook;
                invokePhaseStarted = Stopwatch.GetTimestamp();
                invocation.StartInvokePhase(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                if (factory.Start(environment, invocation) is { } startFailure)
                {
                    invocation.TryComplete(startFailure);
                }
                try
                {
                    await invocation.Delivered.WaitAsync(Remaining(invocation.InvokePhaseDeadlineMs));
                    if (invocation.DeliveredTimestamp == 0 && invocation.Completion.IsCompleted)
                    {
                        // The retried init failed (the runtime exited, or posted an init error) before it took the event.
                        retryFailed = new RetriedInitFailure(Stopwatch.GetElapsedTime(invokePhaseStarted), "error", (await invocation.Completion).LogErrorType);
                    }
                }
                catch (TimeoutException)
                {
                    invocation.TryComplete(FunctionErrors.TimedOut(invocation.RequestId, timeout));
                    retryFailed = new RetriedInitFailure(Stopwatch.GetElapsedTime(invokePhaseStarted), "timeout", null);
                }
            }
            else
            {
                invocation.TryComplete(FunctionErrors.TimedOut(invocation.RequestId, options.InitTimeout));
            }
        }
        if (!invocation.Completion.IsCompleted)
        {
            try
            {
                await invocation.Completion.WaitAsync(Remaining(invocation.DeadlineMs));
            }
            catch (TimeoutException)
            {
                invocation.TryComplete(FunctionErrors.TimedOut(invocation.RequestId, timeout));
            }
        }
        return new Waited(await invocation.Completion, initTimedOutAfter, invokePhaseStarted, retryFailed);
    }

    private static TimeSpan Remaining(long deadlineMs)
        => TimeSpan.FromMilliseconds(Math.Max(0, deadlineMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    private void Report(Invocation invocation, InvokeOutcome outcome, string invocationType)
    {
        if (outcome.Result is not null)
        {
            Completed?.Invoke(new InvokeCompleted(invocation, outcome, invocationType));
        }
    }

    /// <summary>
    /// Stops the idle environments of revisions replaced or deleted (after every change of the registry): nothing can
    /// reuse them, and their /tmp (possibly gigabytes) and code folder go with them, not when their slot is needed.
    /// </summary>
    public void StopStaleEnvironments()
    {
        foreach (var environment in pool.Environments())
        {
            if (!IsCurrent(environment.Function) && environment.TryReserve())
            {
                _ = environment.KillAsync().ContinueWith(_ => pool.Release(environment), TaskScheduler.Default);
            }
        }
    }

    private bool IsCurrent(FunctionDefinition function)
        => registry.Current(function) is { } current
            && string.Equals(current.RevisionId, function.RevisionId, StringComparison.Ordinal);

    private bool Enter()
    {
        lock (_gate)
        {
            if (_draining)
            {
                return false;
            }
            _inFlight++;
            return true;
        }
    }

    private void Leave()
    {
        lock (_gate)
        {
            if (--_inFlight == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }
}
