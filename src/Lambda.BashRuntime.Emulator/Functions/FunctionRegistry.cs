using System.Collections.Concurrent;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>Where an alias sends invokes: its version, and the share of them that goes to other versions instead.</summary>
public sealed record AliasRoute(string Version, IReadOnlyDictionary<string, double> AdditionalVersionWeights);

/// <summary>
/// The functions this emulator serves, per region and name: $LATEST, each published version, and the aliases that
/// route to them. Thread-safe; the control plane writes, invokes read.
/// </summary>
public sealed class FunctionRegistry
{
    private readonly ConcurrentDictionary<string, FunctionDefinition> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, AliasRoute>> _aliases = new(StringComparer.Ordinal);
    /// <summary>$LATEST definitions replaced by an update still InProgress: they serve invokes until the update settles.</summary>
    private readonly ConcurrentDictionary<string, Superseded> _superseded = new(StringComparer.Ordinal);

    private sealed record Superseded(FunctionDefinition Previous, DateTimeOffset Until);

    /// <summary>
    /// Finds a function's $LATEST by name, full ARN or partial ARN (a trailing ":qualifier" is ignored here). An ARN
    /// names its region; a plain name finds the function of that name in the first region that has one.
    /// </summary>
    public FunctionDefinition? Find(string nameOrArn)
    {
        var parsed = FunctionNames.Parse(nameOrArn);
        if (parsed.Region is { Length: > 0 } region)
        {
            return Find(parsed.Name, region, null);
        }
        return _functions.Values
            .Where(f => f.FunctionName == parsed.Name && f.Version == LatestVersion)
            .OrderBy(f => f.Region, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>
    /// The function of <paramref name="region"/> that <paramref name="qualifier"/> names: $LATEST (null or "$LATEST"),
    /// a version number, or an alias, whose RoutingConfig picks the version at random by its weights.
    /// </summary>
    public FunctionDefinition? Find(string name, string region, string? qualifier)
    {
        if (qualifier is null or LatestVersion || qualifier.All(char.IsAsciiDigit))
        {
            return Served(Key(region, name, qualifier ?? LatestVersion));
        }
        if (!_aliases.TryGetValue(Key(region, name, ""), out var aliases) || !aliases.TryGetValue(qualifier, out var route))
        {
            return null;
        }
        return Served(Key(region, name, Pick(route)));
    }

    /// <summary>The definition that serves the same function and version as <paramref name="function"/> now.</summary>
    public FunctionDefinition? Current(FunctionDefinition function)
        => Served(Key(function.Region, function.FunctionName, function.Version));

    /// <summary>
    /// The newest definition of a version (or $LATEST), even while an update to it is InProgress and the previous one
    /// still serves invokes (what the control plane publishes from).
    /// </summary>
    public FunctionDefinition? Newest(string region, string name, string version)
        => _functions.GetValueOrDefault(Key(region, name, version));

    /// <summary>
    /// Keeps <paramref name="previous"/> serving invokes of $LATEST until <paramref name="until"/> (an update InProgress:
    /// Lambda runs the previous code and configuration until LastUpdateStatus is Successful); then the newest one
    /// serves, <see cref="Changed"/> is raised (environments of the previous one are stopped) and
    /// <paramref name="settled"/> runs.
    /// </summary>
    public void ServePrevious(FunctionDefinition previous, DateTimeOffset until, Action settled)
    {
        var key = Key(previous.Region, previous.FunctionName, LatestVersion);
        var entry = new Superseded(previous, until);
        _superseded[key] = entry;
        var wait = until - DateTimeOffset.UtcNow;
        _ = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero).ContinueWith(_ =>
        {
            if (((ICollection<KeyValuePair<string, Superseded>>)_superseded).Remove(KeyValuePair.Create(key, entry)))
            {
                Changed?.Invoke();
            }
            settled();
        }, TaskScheduler.Default);
    }

    /// <summary>The revisions of functions named <paramref name="name"/> that still serve while an update settles.</summary>
    public IEnumerable<string> SupersededRevisions(string name)
        => _superseded.Values.Where(s => s.Previous.FunctionName == name).Select(s => s.Previous.RevisionId);

    private FunctionDefinition? Served(string key)
    {
        if (_superseded.TryGetValue(key, out var superseded) && DateTimeOffset.UtcNow < superseded.Until && _functions.ContainsKey(key))
        {
            return superseded.Previous;
        }
        return _functions.GetValueOrDefault(key);
    }

    /// <summary>After a function is added, changed or removed (the web console's live list listens).</summary>
    public event Action? Changed;

    /// <summary>Adds or replaces one version (or $LATEST) of a function.</summary>
    public void Put(FunctionDefinition function)
    {
        _functions[Key(function.Region, function.FunctionName, function.Version)] = function;
        Changed?.Invoke();
    }

    /// <summary>Replaces everything served for one function: $LATEST, its versions and its aliases.</summary>
    public void PutAll(string region, string name, IReadOnlyList<FunctionDefinition> definitions, IReadOnlyDictionary<string, AliasRoute> aliases)
    {
        var keep = definitions.Select(d => Key(region, name, d.Version)).ToHashSet(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            _functions[Key(region, name, definition.Version)] = definition;
        }
        foreach (var stale in _functions.Where(f => f.Value.Region == region && f.Value.FunctionName == name && !keep.Contains(f.Key)))
        {
            _functions.TryRemove(stale.Key, out _);
        }
        _aliases[Key(region, name, "")] = aliases;
        Changed?.Invoke();
    }

    /// <summary>Removes a function of one region with all its versions and aliases.</summary>
    public bool Remove(string region, string name)
    {
        var removed = false;
        foreach (var entry in _functions.Where(f => f.Value.Region == region && f.Value.FunctionName == name))
        {
            removed |= _functions.TryRemove(entry.Key, out _);
        }
        _aliases.TryRemove(Key(region, name, ""), out _);
        _superseded.TryRemove(Key(region, name, LatestVersion), out _);
        if (removed)
        {
            Changed?.Invoke();
        }
        return removed;
    }

    /// <summary>Every function's $LATEST, by name then region.</summary>
    public IReadOnlyList<FunctionDefinition> List()
        => _functions.Values.Where(f => f.Version == LatestVersion)
            .OrderBy(f => f.FunctionName, StringComparer.Ordinal).ThenBy(f => f.Region, StringComparer.Ordinal).ToList();

    private const string LatestVersion = "$LATEST";

    private static string Key(string region, string name, string version) => $"{region}\n{name}\n{version}";

    /// <summary>AWS's weighted alias routing: each additional version gets its weight's share, the alias's version the rest.</summary>
    private static string Pick(AliasRoute route)
    {
        var draw = Random.Shared.NextDouble();
        foreach (var (version, weight) in route.AdditionalVersionWeights)
        {
            if (draw < weight)
            {
                return version;
            }
            draw -= weight;
        }
        return route.Version;
    }
}
