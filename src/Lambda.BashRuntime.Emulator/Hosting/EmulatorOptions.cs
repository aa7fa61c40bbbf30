namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>Settings of one emulator instance (the `start` options).</summary>
public sealed class EmulatorOptions
{
    /// <summary>Port of the Invoke API (and control plane) on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; } = 3001;

    /// <summary>Execution environments that may run at once; one more concurrent invoke gets 429.</summary>
    public int MaxConcurrency { get; set; } = 10;

    /// <summary>Where the emulator keeps its state; null: a temporary folder removed at exit.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>Where the control plane unpacks function code and layers; null: a temporary folder removed at exit.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>
    /// Host names accepted in the Host header besides 127.0.0.1 and localhost (with the emulator's port), for port
    /// forwarding (Codespaces, dev containers, WSL). See <see cref="Security.HostNames"/>.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; set; } = [];

    public string Region { get; set; } = LambdaRules.DefaultRegion;

    /// <summary>
    /// How long a function created through the API stays Pending and an update InProgress (--state-transition-delay,
    /// whose default is 500 ms): AWS's waiters (`aws lambda wait function-active-v2`, `function-updated-v2`) are
    /// exercised, and a deploy script that skips them fails here as on AWS. Zero (an in-process host's default):
    /// Active and Successful at once.
    /// </summary>
    public TimeSpan StateTransitionDelay { get; set; }

    public string AccountId { get; set; } = LambdaRules.DefaultAccountId;

    /// <summary>Print each invocation's log (START … REPORT) on stderr.</summary>
    public bool EchoFunctionLogs { get; set; } = true;

    /// <summary>How long a runtime may take to start before asking for its first event (Lambda: 10 s).</summary>
    public TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Log bytes kept per invocation for the terminal and the Tail header: past it the start and the last 4 KB are
    /// kept, with a "log truncated" line between them (1 MiB; the runtime's log file is emptied after each read).
    /// </summary>
    public int MaxLogBytesPerInvocation { get; set; } = 1024 * 1024;

    /// <summary>
    /// Event invokes waiting or running at once (1,000; at AWS's 1 MB payload limit at most about 1 GB on disk). One
    /// more is refused with 429 TooManyRequestsException naming this limit.
    /// </summary>
    public int MaxQueuedEvents { get; set; } = 1000;

    /// <summary>Lambda's wait before the first retry of a failed Event invoke (the second waits twice as long).</summary>
    public static readonly TimeSpan LambdaEventRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Wait before the first retry of a failed Event invoke, the second waiting twice as long: Lambda's one and two
    /// minutes by default; --event-retry-delay shortens it for local runs.
    /// </summary>
    public TimeSpan EventRetryDelay { get; set; } = LambdaEventRetryDelay;

    /// <summary>
    /// Open connections per listener, Invoke API and each Runtime API port alike. Null: a quarter of the descriptor
    /// limit, at most 1,000 (see <see cref="ConnectionLimits"/>). Past it a new connection is closed at once.
    /// </summary>
    public int? MaxConnectionsPerListener { get; set; }

    /// <summary>How execution environments are isolated: bwrap when it works here (Auto), or as asked.</summary>
    public Processes.SandboxMode Sandbox { get; set; } = Processes.SandboxMode.Auto;

    /// <summary>The bash that runs runtimes (--bash, from -p:LambdaBash); null: LAMBDA_BASH, else the newest found (BashLocator).</summary>
    public string? Bash { get; set; }

    /// <summary>The project function's runtime, for the start-up line that compares the local bash with Lambda's.</summary>
    public string? ProjectRuntime { get; set; }

    /// <summary>
    /// Whether requests signed with a function's own credentials (AWS_ACCESS_KEY_ID... of its environment) may change
    /// the control plane (--allow-function-writes); by default they may invoke and read only.
    /// </summary>
    public bool AllowFunctionWrites { get; set; }

    /// <summary>Host folders bound writable at the same path inside the sandbox (tests collect what handlers saw).</summary>
    public IReadOnlyList<string> SandboxWritableFolders { get; set; } = [];

    /// <summary>The web console under /console/ (the `start` command turns it on); null: not served.</summary>
    public WebConsole.ConsoleOptions? WebConsole { get; set; }

    /// <summary>
    /// The Invoke API, the control plane and the web console on <see cref="Port"/> (true), or only the Runtime API
    /// ports (false: the `invoke` verb, which invokes in-process and has no client to serve, so it neither binds that
    /// port nor builds routes for those APIs; the function is still created through the control plane's service).
    /// </summary>
    public bool ServeApis { get; set; } = true;

    public string FunctionArn(string functionName) => $"arn:aws:lambda:{Region}:{AccountId}:function:{functionName}";
}
