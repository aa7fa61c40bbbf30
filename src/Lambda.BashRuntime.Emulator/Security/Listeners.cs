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

    /// <summary>
    /// The web console: paths under /console/ on the Invoke API port, for browsers. Never SigV4 (a browser cannot sign):
    /// its API needs the console's secret instead (the printed token, traded for a SameSite=Strict cookie), and a
    /// request from another origin is refused. See <see cref="WebConsole.ConsoleAccess"/>.
    /// </summary>
    WebConsole,
}

/// <summary>
/// The emulator's bound ports (known only once Kestrel has bound port 0) and what each one serves. Function URL ports
/// come and go while the emulator runs (create- and delete-function-url-config); the web console is a path prefix of
/// the Invoke API port.
/// </summary>
public sealed class Listeners
{
    /// <summary>Where the web console lives on the Invoke API port (no Lambda API path starts with it).</summary>
    public const string WebConsolePrefix = "/console";

    private readonly object _gate = new();
    private volatile ImmutableDictionary<int, ListenerKind> _kinds = ImmutableDictionary<int, ListenerKind>.Empty;
    private volatile bool _webConsole;

    /// <param name="awsApiPort">The Invoke API port; null when the emulator serves no client (the `invoke` verb).</param>
    public void Assign(int? awsApiPort, IEnumerable<int> runtimeApiPorts, bool webConsole = false)
    {
        lock (_gate)
        {
            _kinds = _kinds.SetItems(runtimeApiPorts.Select(port => KeyValuePair.Create(port, ListenerKind.RuntimeApi)));
            if (awsApiPort is { } port)
            {
                _kinds = _kinds.SetItem(port, ListenerKind.AwsApi);
            }
            _webConsole = webConsole;
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

    /// <summary>What serves this request: its port's kind, or the web console for /console/... on the Invoke API port.</summary>
    public ListenerKind KindOf(int localPort, Microsoft.AspNetCore.Http.PathString path)
    {
        var kind = KindOf(localPort);
        return kind == ListenerKind.AwsApi && _webConsole && path.StartsWithSegments(WebConsolePrefix, StringComparison.Ordinal)
            ? ListenerKind.WebConsole
            : kind;
    }
}
