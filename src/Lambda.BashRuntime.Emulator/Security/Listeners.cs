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
    /// The web console: paths under /console/ on the Invoke API port, for browsers. Never SigV4 (a browser cannot sign):
    /// its API needs the console's secret instead (the printed token, traded for a SameSite=Strict cookie), and a
    /// request from another origin is refused. See <see cref="WebConsole.ConsoleAccess"/>.
    /// </summary>
    WebConsole,
}

/// <summary>The emulator's bound ports (known only once Kestrel has bound port 0) and what each one serves.</summary>
public sealed class Listeners
{
    /// <summary>Where the web console lives on the Invoke API port (no Lambda API path starts with it).</summary>
    public const string WebConsolePrefix = "/console";

    private volatile IReadOnlyDictionary<int, ListenerKind> _kinds = new Dictionary<int, ListenerKind>();
    private volatile bool _webConsole;

    public void Assign(int awsApiPort, IEnumerable<int> runtimePorts, bool webConsole = false)
    {
        var kinds = runtimePorts.ToDictionary(port => port, _ => ListenerKind.RuntimeApi);
        kinds[awsApiPort] = ListenerKind.AwsApi;
        _webConsole = webConsole;
        _kinds = kinds;
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
