using System.Collections.Concurrent;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>The functions this emulator serves, by name. Thread-safe; the control plane writes, invokes read.</summary>
public sealed class FunctionRegistry
{
    private readonly ConcurrentDictionary<string, FunctionDefinition> _functions = new(StringComparer.Ordinal);

    /// <summary>Finds a function by name, full ARN or partial ARN (a trailing ":qualifier" is ignored here).</summary>
    public FunctionDefinition? Find(string nameOrArn)
        => _functions.TryGetValue(FunctionNames.Parse(nameOrArn).Name, out var function) ? function : null;

    /// <summary>After a function is added, changed or removed (the web console's live list listens).</summary>
    public event Action? Changed;

    public void Put(FunctionDefinition function)
    {
        _functions[function.FunctionName] = function;
        Changed?.Invoke();
    }

    public bool Remove(string functionName)
    {
        var removed = _functions.TryRemove(functionName, out _);
        if (removed)
        {
            Changed?.Invoke();
        }
        return removed;
    }

    public IReadOnlyList<FunctionDefinition> List()
        => _functions.Values.OrderBy(f => f.FunctionName, StringComparer.Ordinal).ToList();
}
