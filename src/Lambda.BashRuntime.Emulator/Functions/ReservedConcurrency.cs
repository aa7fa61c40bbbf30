namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// Reserved concurrency as Lambda enforces it on synchronous invokes: a function (all its versions and aliases
/// together) runs at most its ReservedConcurrentExecutions at once; one more is throttled (429, Reason
/// ReservedFunctionConcurrentInvocationLimitExceeded). A function without a reservation is limited only by the
/// emulator's slots (--max-concurrency).
/// </summary>
public sealed class ReservedConcurrency
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);

    /// <summary>Counts one invoke of the function in; false (and nothing counted) when its reservation is used up.</summary>
    public bool TryEnter(string key, int? reserved)
    {
        lock (_gate)
        {
            var running = _running.GetValueOrDefault(key);
            if (reserved is { } limit && running >= limit)
            {
                return false;
            }
            _running[key] = running + 1;
            return true;
        }
    }

    /// <summary>Counts out an invoke that <see cref="TryEnter"/> counted in.</summary>
    public void Exit(string key)
    {
        lock (_gate)
        {
            if (_running.GetValueOrDefault(key) <= 1)
            {
                _running.Remove(key);
            }
            else
            {
                _running[key]--;
            }
        }
    }
}
