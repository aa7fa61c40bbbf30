using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;

namespace Lambda.BashRuntime.Emulator.Events;

/// <summary>
/// Runs queued Event invokes in arrival order, at most <see cref="Slots"/> at once: half the concurrency slots
/// (at least one), so the other half always stays free for RequestResponse invokes however long the queue is. With
/// --max-concurrency 1 there is no half to reserve: events and calls then share the one slot. A function's reserved
/// concurrency counts its Event invokes with its synchronous ones; an event past it is throttled and queued again.
/// </summary>
public sealed class EventDispatcher
{
    private readonly EventQueue _queue;
    private readonly Invoker _invoker;
    private readonly FunctionRegistry _registry;
    private readonly EmulatorOptions _options;
    private readonly EventInvokeConfigs _configs;
    private readonly ReservedConcurrency _reserved;
    private readonly Storage.ControlPlaneState _state;
    /// <summary>How often each queued event (by file) was throttled so far: its next wait doubles.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _throttles = new(StringComparer.Ordinal);
    private readonly ILogger<EventDispatcher> _logger;
    private readonly SemaphoreSlim _free;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> _running = new();

    public EventDispatcher(
        EventQueue queue, Invoker invoker, FunctionRegistry registry, SlotPool pool, EmulatorOptions options,
        EventInvokeConfigs configs, ReservedConcurrency reserved, Storage.ControlPlaneState state, ILogger<EventDispatcher> logger)
    {
        _configs = configs;
        _reserved = reserved;
        _state = state;
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
            // The config of the qualifier the event was invoked with: $LATEST, a version or an alias.
            var config = _configs.For(invocation.Function.Region, queued.FunctionName, FunctionNames.Parse(invocation.InvokedFunctionArn).Qualifier);
            if (now - queued.EnqueuedAtMs > config.MaximumEventAge * 1000L)
            {
                _logger.LogWarning(
                    "Event invoke {RequestId} of {FunctionName} discarded before attempt {Attempt}: older than MaximumEventAgeInSeconds ({MaximumAge} s).",
                    invocation.RequestId, queued.FunctionName, queued.Attempt, config.MaximumEventAge);
                _queue.Complete(file);
                return;
            }
            var key = Storage.ControlPlaneSnapshot.Key(invocation.Function.Region, invocation.Function.FunctionName);
            if (!_reserved.TryEnter(key, _state.Current.Functions.GetValueOrDefault(key)?.ReservedConcurrency))
            {
                Throttled(file, queued, invocation, config);
                return;
            }
            _throttles.TryRemove(file, out _);
            invocation.Source = InvokeSource.Event(queued.Attempt);
            InvokeOutcome outcome;
            try
            {
                outcome = await _invoker.InvokeAsync(invocation, queue: true);
            }
            finally
            {
                _reserved.Exit(key);
            }
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

    /// <summary>
    /// The function's reserved concurrency is used up (or 0): as Lambda does with a throttled Event invoke, the event
    /// goes back to the queue and is tried again after 1 s, then twice as long each time up to 5 minutes, until it is
    /// older than MaximumEventAgeInSeconds; then it is discarded. Throttles are not attempts: they use no retry.
    /// </summary>
    private void Throttled(string file, QueuedEvent queued, Invocation invocation, Storage.EventInvokeConfigRecord config)
    {
        var throttles = _throttles.AddOrUpdate(file, 1, (_, n) => n + 1);
        var delay = TimeSpan.FromSeconds(Math.Min(MaxThrottleDelaySeconds, Math.Pow(2, Math.Min(throttles - 1, 16))));
        var retryAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)delay.TotalMilliseconds;
        if (retryAt - queued.EnqueuedAtMs > config.MaximumEventAge * 1000L)
        {
            _logger.LogWarning(
                "Event invoke {RequestId} of {FunctionName} discarded: throttled by its reserved concurrency until older than MaximumEventAgeInSeconds ({MaximumAge} s).",
                invocation.RequestId, queued.FunctionName, config.MaximumEventAge);
            _throttles.TryRemove(file, out _);
            _queue.Complete(file);
            return;
        }
        // Said once per event (the emulator's log shows warnings): why an accepted event does not run yet.
        _logger.Log(throttles == 1 ? LogLevel.Warning : LogLevel.Information,
            "Event invoke {RequestId} of {FunctionName} throttled (reserved concurrency {Reserved} in use): tried again in {Delay} s.",
            invocation.RequestId, queued.FunctionName,
            _state.Current.Functions.GetValueOrDefault(Storage.ControlPlaneSnapshot.Key(invocation.Function.Region, invocation.Function.FunctionName))?.ReservedConcurrency,
            delay.TotalSeconds);
        _queue.Defer(file, retryAt);
    }

    /// <summary>Lambda's longest wait between two tries of a throttled Event invoke.</summary>
    private const int MaxThrottleDelaySeconds = 300;

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
