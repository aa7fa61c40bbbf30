using System.Collections.Immutable;

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

    /// <summary>
    /// A function URL with AuthType NONE: meant for browsers, curl and webhooks, so no signature is asked for; CORS
    /// headers are sent only as the URL's Cors configuration says.
    /// </summary>
    FunctionUrlPublic,

    /// <summary>A function URL with AuthType AWS_IAM: every request must carry a SigV4 Authorization header.</summary>
    FunctionUrlIam,
}

/// <summary>
/// The emulator's bound ports (known only once Kestrel has bound port 0) and what each one serves. Function URL ports
/// come and go while the emulator runs (create- and delete-function-url-config).
/// </summary>
public sealed class Listeners
{
    private readonly object _gate = new();
    private volatile ImmutableDictionary<int, ListenerKind> _kinds = ImmutableDictionary<int, ListenerKind>.Empty;

    public void Assign(int awsApiPort, IEnumerable<int> runtimeApiPorts)
    {
        lock (_gate)
        {
            _kinds = _kinds.SetItems(runtimeApiPorts.Select(port => KeyValuePair.Create(port, ListenerKind.RuntimeApi)))
                .SetItem(awsApiPort, ListenerKind.AwsApi);
        }
    }

    /// <summary>Registers (or changes) the kind of one port, e.g. a function URL whose AuthType changed.</summary>
    public void Set(int port, ListenerKind kind)
    {
        lock (_gate)
        {
            _kinds = _kinds.SetItem(port, kind);
        }
    }

    /// <summary>Forgets a port: from now on its requests are refused, even before its listener has stopped.</summary>
    public void Remove(int port)
    {
        lock (_gate)
        {
            _kinds = _kinds.Remove(port);
        }
    }

    public ListenerKind KindOf(int localPort) => _kinds.TryGetValue(localPort, out var kind) ? kind : ListenerKind.Unknown;
}
