using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;

namespace Lambda.BashRuntime.Emulator.Events;

/// <summary>
/// Runs queued Event invokes in arrival order, at most <see cref="Slots"/> at once: half the concurrency slots
/// (at least one), so the other half always stays free for RequestResponse invokes however long the queue is. With
/// --max-concurrency 1 there is no half to reserve: events and calls then share the one slot.
/// </summary>
public sealed class EventDispatcher
{
    private readonly EventQueue _queue;
    private readonly Invoker _invoker;
    private readonly FunctionRegistry _registry;
    private readonly EmulatorOptions _options;
    private readonly EventInvokeConfigs _configs;
    private readonly ILogger<EventDispatcher> _logger;
    private readonly SemaphoreSlim _free;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> _running = new();

    public EventDispatcher(
        EventQueue queue, Invoker invoker, FunctionRegistry registry, SlotPool pool, EmulatorOptions options,
        EventInvokeConfigs configs, ILogger<EventDispatcher> logger)
    {
        _configs = configs;
        _queue = queue;
        _invoker = invoker;
        _registry = registry;
        _options = options;
        _logger = logger;
        Slots = Math.Max(1, pool.Capacity / 2);
        _free = new SemaphoreSlim(Slots, Slots);
    }

    /// <summary>Concurrency slots Event invokes may hold at once.</summary>
    public int Slots { get; }

    /// <summary>Starts dispatching (once the Runtime API ports are bound), events kept from a previous run first.</summary>
    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>
    /// Stops taking events from the queue (those not started stay on disk) and waits for the attempts under way to be
    /// settled (their file removed, or rewritten for a retry), so the count said at shutdown is right.
    /// </summary>
    public async Task StopAsync(CancellationToken cancel = default)
    {
        await _stopping.CancelAsync();
        await _loop;
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            // shutdown timeout reached: what still runs is killed next
        }
    }

    /// <summary>Says at shutdown what happens to events accepted but not run: kept in --state-dir, or dropped.</summary>
    public void ReportUnfinished()
    {
        var count = _queue.Count;
        if (count == 0)
        {
            return;
        }
        if (_options.StateDirectory is not null)
        {
            _logger.LogWarning(
                "{Count} queued Event invoke(s) kept in {Folder}: they run after the next start with this --state-dir.",
                count, _queue.Folder);
        }
        else
        {
            _logger.LogWarning(
                "{Count} queued Event invoke(s) dropped at shutdown: without --state-dir the queue is not kept. Start with --state-dir DIR to keep queued events across restarts.",
                count);
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await _free.WaitAsync(_stopping.Token);
                string file;
                try
                {
                    file = await _queue.DequeueAsync(_stopping.Token);
                }
                catch
                {
                    _free.Release();
                    throw;
                }
                var run = RunAsync(file);
                _running.TryAdd(run, true);
                _ = run.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>
    /// One attempt of a queued event. A failed attempt (a function error of any kind: handled, crash, timeout) is
    /// retried as the function's event invoke config says, Lambda's defaults otherwise: two retries, the first after
    /// one minute and the second after two (<see cref="EmulatorOptions.EventRetryDelay"/> and twice it), each with the
    /// same request id; an event older than MaximumEventAgeInSeconds is discarded instead of run.
    /// </summary>
    private async Task RunAsync(string file)
    {
        try
        {
            var queued = _queue.Load(file, _registry);
            if (queued.Invocation is not { } invocation)
            {
                _logger.LogWarning("Queued Event invoke dropped: the function {FunctionName} was deleted before it ran.", queued.FunctionName);
                return;
            }
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (queued.NotBeforeMs > now)
            {
                _queue.Defer(file, queued.NotBeforeMs); // a retry read back after a restart, not due yet
                return;
            }
            var config = _configs.For(invocation.Function.Region, queued.FunctionName);
            if (now - queued.EnqueuedAtMs > config.MaximumEventAge * 1000L)
            {
                _logger.LogWarning(
                    "Event invoke {RequestId} of {FunctionName} discarded before attempt {Attempt}: older than MaximumEventAgeInSeconds ({MaximumAge} s).",
                    invocation.RequestId, queued.FunctionName, queued.Attempt, config.MaximumEventAge);
                _queue.Complete(file);
                return;
            }
            invocation.Source = InvokeSource.Event(queued.Attempt);
            var outcome = await _invoker.InvokeAsync(invocation, queue: true);
            if (outcome.IsShuttingDown)
            {
                return;
            }
            if (outcome.Result is { IsError: true } && queued.Attempt <= config.RetryAttempts)
            {
                var delay = _options.EventRetryDelay * queued.Attempt;
                _logger.LogInformation(
                    "Event invoke {RequestId} of {FunctionName} failed (attempt {Attempt} of {Attempts}): retried in {Delay} s.",
                    invocation.RequestId, queued.FunctionName, queued.Attempt, config.RetryAttempts + 1, delay.TotalSeconds);
                _queue.Retry(file, queued, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)delay.TotalMilliseconds);
                return;
            }
            if (outcome.Result is { IsError: true })
            {
                _logger.LogWarning(
                    "Event invoke {RequestId} of {FunctionName} failed on all {Attempts} attempt(s) and was discarded (the emulator sends nothing to OnFailure destinations).",
                    invocation.RequestId, queued.FunctionName, queued.Attempt);
            }
            _queue.Complete(file);
        }
        catch (OperationCanceledException)
        {
            // the emulator stopped before a slot was free: the event stays on disk
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Queued Event invoke {File} could not run and was removed.", file);
            TryComplete(file);
        }
        finally
        {
            _free.Release();
        }
    }

    private void TryComplete(string file)
    {
        try
        {
            _queue.Complete(file);
        }
        catch (IOException)
        {
        }
    }
}
