using Lambda.BashRuntime.Emulator.Functions;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// The concurrency slots. Each slot holds at most one execution environment and owns two loopback Runtime API ports,
/// used in turn by its successive environments: the Runtime API knows the calling environment from the port a
/// request arrived on, and a late request from a killed predecessor (already on its way when the process died) lands
/// on the other port, where it reaches nobody. Warm environments stay in their slot; when a new one is needed an
/// empty (or retired) slot is taken first, then an idle environment of a function revision no longer current, then
/// one of another function; with every slot busy the invoke is throttled.
/// </summary>
public sealed class SlotPool
{
    private readonly object _gate = new();
    private readonly ExecutionEnvironment?[] _slots;
    private int[] _ports = [];
    private TaskCompletionSource _released = NewSignal();

    public SlotPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new ExecutionEnvironment?[capacity];
    }

    public int Capacity => _slots.Length;

    /// <summary>Runtime API ports the server must listen on: two per slot.</summary>
    public int PortCount => 2 * _slots.Length;

    /// <summary>Sets the Runtime API ports (slot i owns ports 2i and 2i+1), once the server has bound them.</summary>
    public void AssignPorts(IReadOnlyList<int> ports)
    {
        if (ports.Count != PortCount)
        {
            throw new ArgumentException($"expected {PortCount} ports, got {ports.Count}", nameof(ports));
        }
        _ports = [.. ports];
    }

    /// <summary>The environment that owns a Runtime API port, if any.</summary>
    public ExecutionEnvironment? FindByPort(int port)
        => Array.IndexOf(_ports, port) is >= 0 and var index && Volatile.Read(ref _slots[index / 2]) is { } environment
            && environment.Port == port
                ? environment
                : null;

    /// <summary>
    /// Reserves a warm environment of this function revision or puts a new one (made by <paramref name="create"/>
    /// with the slot's port) into a free slot. Null when every slot is busy.
    /// </summary>
    public Lease? TryAcquire(FunctionDefinition function, Func<int, ExecutionEnvironment> create, Func<FunctionDefinition, bool> isCurrent)
    {
        lock (_gate)
        {
            if (_ports.Length == 0)
            {
                return null; // server not listening yet
            }
            foreach (var environment in _slots)
            {
                if (environment is not null && IsSame(environment.Function, function) && environment.TryReserve())
                {
                    return new Lease(environment, IsNew: false, Replaced: null);
                }
            }
            var free = Array.FindIndex(_slots, e => e is null || e.IsRetired);
            if (free < 0)
            {
                // Evict a warm environment nobody can use any more first, then any other function's.
                free = Array.FindIndex(_slots, e => e!.State == EnvironmentState.Idle && !isCurrent(e.Function));
                if (free < 0)
                {
                    free = Array.FindIndex(_slots, e => e!.State == EnvironmentState.Idle && !IsSame(e.Function, function));
                }
                if (free < 0 || !_slots[free]!.TryReserve())
                {
                    return null;
                }
            }
            var replaced = _slots[free];
            var port = replaced?.Port == _ports[2 * free] ? _ports[2 * free + 1] : _ports[2 * free];
            var created = create(port);
            created.Retired += _ => Signal(); // a runtime that dies idle frees its slot at once
            Volatile.Write(ref _slots[free], created);
            return new Lease(created, IsNew: true, Replaced: replaced);
        }
    }

    /// <summary>Returns an environment after an invoke (warm if still alive) and wakes invokes waiting for a slot.</summary>
    public void Release(ExecutionEnvironment environment)
    {
        environment.Release();
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            released = _released;
            _released = NewSignal();
        }
        released.TrySetResult();
    }

    /// <summary>Completes at the next <see cref="Release"/> or retirement (for invokes that queue, such as Event invokes).</summary>
    public Task WaitForReleaseAsync(CancellationToken cancel)
    {
        lock (_gate)
        {
            return _released.Task.WaitAsync(cancel);
        }
    }

    public IReadOnlyList<ExecutionEnvironment> Environments()
    {
        lock (_gate)
        {
            return _slots.Where(e => e is not null).Select(e => e!).ToList();
        }
    }

    private static bool IsSame(FunctionDefinition a, FunctionDefinition b)
        => string.Equals(a.FunctionName, b.FunctionName, StringComparison.Ordinal)
            && string.Equals(a.RevisionId, b.RevisionId, StringComparison.Ordinal);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An environment reserved for one invoke; <see cref="Replaced"/> is what had the slot before.</summary>
    public readonly record struct Lease(ExecutionEnvironment Environment, bool IsNew, ExecutionEnvironment? Replaced);
}
