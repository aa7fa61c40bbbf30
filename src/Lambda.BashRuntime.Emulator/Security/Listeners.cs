namespace Lambda.BashRuntime.Emulator.Security;

/// <summary>What a listening port of the emulator serves, so that each request is checked by its listener's rules.</summary>
public enum ListenerKind
{
    /// <summary>A port the emulator did not assign (fail closed: refused).</summary>
    Unknown,

    /// <summary>The Invoke API and the control plane: AWS clients that sign their requests.</summary>
    AwsApi,

    /// <summary>A Runtime API port of one execution environment: its runtime, never a browser.</summary>
    RuntimeApi,
}

/// <summary>The emulator's bound ports (known only once Kestrel has bound port 0) and what each one serves.</summary>
public sealed class Listeners
{
    private volatile IReadOnlyDictionary<int, ListenerKind> _kinds = new Dictionary<int, ListenerKind>();

    public void Assign(int awsApiPort, IEnumerable<int> runtimeApiPorts)
    {
        var kinds = runtimeApiPorts.ToDictionary(port => port, _ => ListenerKind.RuntimeApi);
        kinds[awsApiPort] = ListenerKind.AwsApi;
        _kinds = kinds;
    }

    public ListenerKind KindOf(int localPort) => _kinds.TryGetValue(localPort, out var kind) ? kind : ListenerKind.Unknown;
}
