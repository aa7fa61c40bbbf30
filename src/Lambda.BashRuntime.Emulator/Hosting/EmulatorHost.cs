using System.Net;
using System.Text;
using Lambda.BashRuntime.Emulator.ControlPlane;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Events;
using Lambda.BashRuntime.Emulator.FunctionUrls;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.InvokeApi;
using Lambda.BashRuntime.Emulator.Logs;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Emulator.RuntimeApi;
using Lambda.BashRuntime.Emulator.Security;
using Lambda.BashRuntime.Emulator.Storage;
using Lambda.BashRuntime.Emulator.WebConsole;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// A running emulator: Kestrel on loopback only, one port for the Invoke API (and control plane), plus one Runtime
/// API port per concurrency slot. Used by the command line and, on free ports, by tests.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Uri? _baseUrl;

    private EmulatorHost(WebApplication app, Uri? baseUrl)
    {
        _app = app;
        _baseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT/ of the Invoke API (not with <see cref="EmulatorOptions.ServeApis"/> false).</summary>
    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("This emulator serves no API (the invoke verb): it has no base URL.");

    /// <summary>The web console's address with its secret (the one to print and open), or null when it is off.</summary>
    public Uri? ConsoleUrl => Options.WebConsole is { } console
        ? new Uri(BaseUrl, $"{Listeners.WebConsolePrefix}/?token={console.Token}")
        : null;

    public IServiceProvider Services => _app.Services;

    /// <summary>The function URLs kept in --state-dir, served again at start (Problem: why one could not be).</summary>
    public IReadOnlyList<(FunctionRecord Function, FunctionUrlRecord Url, string? Problem)> RestoredUrls { get; private set; } = [];
    public FunctionRegistry Functions => Services.GetRequiredService<FunctionRegistry>();
    public Invoker Invoker => Services.GetRequiredService<Invoker>();
    public EmulatorOptions Options => Services.GetRequiredService<EmulatorOptions>();
    public EmulatorPaths Paths => Services.GetRequiredService<EmulatorPaths>();

    /// <param name="configureServices">Last word on services (tests replace the launcher or the log sink).</param>
    public static async Task<EmulatorHost> StartAsync(
        EmulatorOptions options, Action<IServiceCollection>? configureServices = null, CancellationToken cancel = default)
    {
        // Start-up is what `dotnet run -- invoke` waits for (the emulator README's "Start-up" section), and most of it
        // is JIT compilation: the empty builder, not the slim one, so no configuration sources (appsettings.json and
        // its file watcher, environment variables), no console logging machinery, nothing the emulator does not use.
        // Whether bwrap can start a sandbox here is asked meanwhile (a process start and wait).
        var sandboxChoice = Task.Run(() => SandboxChoice.Decide(options.Sandbox), cancel);
        var bashChoice = Task.Run(() => BashLocator.Locate(options.Bash, "--bash"), cancel); // a refusal ends the start here
        // Ports that clients can flood load nothing for the first time later (see AssemblyPreload); `invoke` opens none.
        var preload = options.ServeApis
            ? Task.Run(() => AssemblyPreload.LoadReferencesOf(typeof(EmulatorHost).Assembly), cancel)
            : Task.CompletedTask;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        if (options.ServeApis)
        {
            builder.Services.AddRoutingCore(); // the Invoke API, control plane and console; the Runtime API needs none
        }
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, MinimalApiJson.Default));
        builder.Logging.AddProvider(new StandardErrorLoggerProvider()); // stdout is the function's
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None); // start failures are reported by the caller
        // How long invokes in flight may take to finish at shutdown before their runtimes are killed.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var (main, slots) = ConfigureListeners(builder, options);
        AddEmulatorServices(builder.Services, options, sandboxChoice, bashChoice);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        try
        {
            // The state directory's lock first: nothing reads, cleans or writes --state-dir before it is this one's.
            var paths = app.Services.GetRequiredService<EmulatorPaths>();
            // Traced invokes' xtrace files (Tracing.TraceFile): bound into the sandbox at BwrapArguments.TraceFolder.
            Directory.CreateDirectory(Tracing.TraceFile.FolderIn(paths.Scratch));
            app.UseMiddleware<RequestGuard>(); // Host, SigV4 and browser checks before routing and before any state changes
            app.UseRuntimeApi(); // ahead of routing, which the invoke verb (ServeApis false) does not start at all
            if (options.ServeApis)
            {
                app.UseRouting();
                app.MapInvokeApi();
                app.MapControlPlane(); // reads the state back: refused when it is not valid
                app.MapWebConsole();
            }
        }
        catch
        {
            await app.DisposeAsync(); // the state directory's lock with it
            throw;
        }

        try
        {
            await sandboxChoice;
            await bashChoice;
            await preload;
            await app.StartAsync(cancel);
        }
        catch
        {
            // e.g. the port is taken: leave no temporary folder behind
            app.Services.GetRequiredService<EmulatorPaths>().Dispose();
            await app.DisposeAsync();
            throw;
        }
        var sandbox = app.Services.GetRequiredService<SandboxChoice>();
        var cgroups = app.Services.GetRequiredService<MemoryCgroups>();
        if (options.EchoFunctionLogs)
        {
            Console.Error.WriteLine(app.Services.GetRequiredService<FoundBash>().Describe(options.ProjectRuntime));
            Console.Error.WriteLine(sandbox.Line);
            Console.Error.WriteLine(cgroups.Line);
        }
        var runtimePorts = slots.Select(PortOf).ToList();
        app.Services.GetRequiredService<SlotPool>().AssignPorts(runtimePorts);
        int? mainPort = main() is { } mainListen ? PortOf(mainListen) : null; // bound once the server started
        app.Services.GetRequiredService<Listeners>().Assign(mainPort, runtimePorts, webConsole: options.WebConsole is not null);
        // Before any runtime starts (the emulator's first-time costs are not the function's); meanwhile the caller may
        // create its function (`invoke`: two cores work at once).
        app.Services.GetRequiredService<Invoker>().StartRuntimesAfter(HostWarmUp.RunAsync(runtimePorts[0]));
        var invoker = app.Services.GetRequiredService<Invoker>();
        app.Services.GetRequiredService<FunctionRegistry>().Changed += invoker.StopStaleEnvironments;
        app.Services.GetRequiredService<EventDispatcher>().Start();
        var host = new EmulatorHost(app, mainPort is { } port ? new Uri($"http://127.0.0.1:{port}/") : null);
        host.RestoredUrls = await app.Services.GetRequiredService<FunctionUrlServers>().RestoreAsync(
            app.Services.GetRequiredService<Storage.ControlPlaneState>().Current);
        return host;
    }

    /// <summary>
    /// Loopback listeners only, HTTP/1.1 (what the AWS CLI and runtimes speak; no HTTP/2 preface sniffing): the Invoke
    /// API / control-plane port (not for `invoke`) and two Runtime API ports per slot (see SlotPool). Each closes
    /// connections past its own limit, well below the descriptor limit (ConnectionLimits).
    /// </summary>
    private static (Func<ListenOptions?> Main, List<ListenOptions> Slots) ConfigureListeners(WebApplicationBuilder builder, EmulatorOptions options)
    {
        ListenOptions? main = null;
        var slots = new List<ListenOptions>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // payload limits are Lambda's, checked per API
            kestrel.AddServerHeader = false; // the bash runtime reads headers byte by byte: send only what counts
            kestrel.ResponseHeaderEncodingSelector = _ => Encoding.UTF8; // client context may hold any text
            var runtimePorts = 2 * options.MaxConcurrency; // see SlotPool: two Runtime API ports per slot
            if (options.ServeApis)
            {
                kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
                {
                    (main = listen).Protocols = HttpProtocols.Http1;
                    listen.Use(ConnectionLimits.Middleware(ConnectionLimits.AwsApi(options, runtimePorts)));
                });
            }
            for (var i = 0; i < runtimePorts; i++)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.Use(ConnectionLimits.Middleware(ConnectionLimits.RuntimePort(options)));
                    slots.Add(listen);
                });
            }
        });
        return (() => main, slots); // main is set when Kestrel binds, after this returns
    }

    /// <summary>The emulator's services: the invoke side, function URLs, the control plane that fills the registry, the console.</summary>
    private static void AddEmulatorServices(
        IServiceCollection services, EmulatorOptions options, Task<SandboxChoice> sandboxChoice, Task<FoundBash> bashChoice)
    {
        services.AddSingleton(options);
        services.AddSingleton<EmulatorPaths>();
        services.AddSingleton<Listeners>();
        services.AddSingleton<Security.FunctionCredentials>();
        services.AddSingleton<Security.RuntimeConnections>();
        services.AddSingleton(new HostNames(options.AllowedHosts));
        services.AddSingleton<FunctionRegistry>();
        services.AddSingleton(new SlotPool(options.MaxConcurrency));
        services.AddSingleton(_ => sandboxChoice.Result); // awaited before the host starts
        services.AddSingleton(_ => bashChoice.Result); // likewise
        services.AddSingleton(_ => MemoryCgroups.Open());
        services.AddSingleton(ProcessGroupLauncher.ForThisMachine); // setsid, or the starter (macOS)
        services.AddRuntimeLauncher(); // this OS's (Processes/RuntimeLaunchers.cs)
        services.AddSingleton<IFunctionLogSink>(options.EchoFunctionLogs ? new StandardErrorLogSink() : new NullLogSink());
        services.AddSingleton<EnvironmentFactory>();
        services.AddSingleton<Invoker>();
        services.AddSingleton<EventQueue>();
        services.AddSingleton<EventDispatcher>();
        services.AddHostedService<EnvironmentSupervisor>();
        // Function URLs: one loopback server per URL, started and stopped by the control plane.
        services.AddSingleton<FunctionUrlHandler>();
        services.AddSingleton<FunctionUrlServers>();
        services.AddHostedService(sp => sp.GetRequiredService<FunctionUrlServers>());
        // The control plane (CreateFunction, layers, ...) fills the FunctionRegistry that invokes read.
        services.AddControlPlane(new ControlPlaneOptions
        {
            AccountId = options.AccountId,
            StateDirectory = options.StateDirectory,
            WorkDirectory = options.WorkDirectory,
            StateTransitionDelay = options.StateTransitionDelay,
        });
        services.AddWebConsole();
    }

    /// <summary>
    /// Registers a function whose code is already unpacked in a folder, straight into the registry (tests of the invoke
    /// side). The control plane is the way in for everything else, the `dotnet run` project included.
    /// </summary>
    public FunctionDefinition AddFunction(
        string functionName, string codeDirectory, string handler = LambdaRules.DefaultHandler, int timeoutSeconds = LambdaRules.DefaultTimeout,
        IReadOnlyDictionary<string, string>? environment = null, int memorySizeMb = LambdaRules.DefaultMemorySize, string? optDirectory = null)
    {
        var function = new FunctionDefinition
        {
            FunctionName = functionName,
            FunctionArn = Options.FunctionArn(functionName),
            Region = Options.Region,
            Handler = handler,
            CodeDirectory = codeDirectory,
            OptDirectory = optDirectory,
            TimeoutSeconds = timeoutSeconds,
            MemorySizeMb = memorySizeMb,
            Environment = environment ?? new Dictionary<string, string>(),
            RevisionId = Guid.NewGuid().ToString("D"),
        };
        Functions.Put(function);
        return function;
    }

    /// <summary>Completes when the host stops (Ctrl+C, SIGTERM, <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancel = default) => _app.WaitForShutdownAsync(cancel);

    /// <summary>Graceful stop: in-flight invokes finish, runtimes are killed, scratch folders removed.</summary>
    public Task StopAsync(CancellationToken cancel = default) => _app.StopAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        if (!Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.IsCancellationRequested)
        {
            await _app.StopAsync();
        }
        await _app.DisposeAsync();
    }

    // Kestrel replaces a listener's endpoint with the bound one, so port 0 reads back as the real port.
    private static int PortOf(ListenOptions listen) => ((IPEndPoint)listen.EndPoint).Port;
}
