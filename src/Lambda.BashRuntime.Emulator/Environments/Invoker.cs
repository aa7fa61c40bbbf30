using System.Diagnostics;
using System.Globalization;
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

    /// <summary>After each invoke that ran (not throttled): the web console's history listens.</summary>
    public event Action<InvokeCompleted>? Completed;

    /// <summary>Runs one invocation. Throttled when every slot is busy (unless <paramref name="queue"/>).</summary>
    public async Task<InvokeOutcome> InvokeAsync(Invocation invocation, bool queue = false)
    {
        if (!Enter())
        {
            return InvokeOutcome.ShuttingDown;
        }
        try
        {
            var outcome = await RunAsync(invocation, queue);
            Report(invocation, outcome, "RequestResponse");
            return outcome;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>An Event invoke: queued until a slot is free, run in the background, never lost before shutdown.</summary>
    public bool Enqueue(Invocation invocation)
    {
        if (!Enter())
        {
            return false;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                Report(invocation, await RunAsync(invocation, queue: true), "Event");
            }
            catch (OperationCanceledException)
            {
                // emulator stopping before a slot became free
            }
            finally
            {
                Leave();
            }
        });
        return true;
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

    private async Task<InvokeOutcome> RunAsync(Invocation invocation, bool queue)
    {
        var function = invocation.Function;
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

        if (lease.Value.IsNew)
        {
            if (lease.Value.Replaced is { } replaced)
            {
                await replaced.KillAsync();
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

        var result = await WaitForResultAsync(invocation);
        if (result.End != InvocationEnd.Answered)
        {
            await environment.KillAsync(); // crashed, timed out or failed init: kill the whole group, free the slot
        }

        var log = InvocationLog.Build(invocation.RequestId, function.Version, environment.Log.ReadNew(),
            Stopwatch.GetElapsedTime(invocation.DeliveredTimestamp > 0 ? invocation.DeliveredTimestamp : started),
            function.MemorySizeMb, environment.Process?.PeakMemoryMb, environment.TakeInitDuration());
        pool.Release(environment);
        logSink.Write(log);
        return new InvokeOutcome(result, log);
    }

    private async Task<InvocationResult> WaitForResultAsync(Invocation invocation)
    {
        try
        {
            await invocation.Delivered.WaitAsync(options.InitTimeout);
        }
        catch (TimeoutException)
        {
            invocation.TryComplete(TimedOut(invocation, options.InitTimeout));
        }
        if (!invocation.Completion.IsCompleted)
        {
            var remaining = TimeSpan.FromMilliseconds(
                Math.Max(0, invocation.DeadlineMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            try
            {
                await invocation.Completion.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                invocation.TryComplete(TimedOut(invocation, TimeSpan.FromSeconds(invocation.Function.TimeoutSeconds)));
            }
        }
        return await invocation.Completion;
    }

    private void Report(Invocation invocation, InvokeOutcome outcome, string invocationType)
    {
        if (outcome.Result is not null)
        {
            Completed?.Invoke(new InvokeCompleted(invocation, outcome, invocationType));
        }
    }

    private static InvocationResult TimedOut(Invocation invocation, TimeSpan after)
        => InvocationResult.Error("Sandbox.Timedout",
            string.Create(CultureInfo.InvariantCulture,
                $"RequestId: {invocation.RequestId} Error: Task timed out after {after.TotalSeconds:F2} seconds"),
            InvocationEnd.TimedOut);

    private bool IsCurrent(FunctionDefinition function)
        => registry.Find(function.FunctionName) is { } current
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
