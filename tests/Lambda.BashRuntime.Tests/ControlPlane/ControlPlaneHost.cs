using Lambda.BashRuntime.Emulator.ControlPlane;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>The whole emulator in-process on a free port, set up from control-plane options, for the API tests.</summary>
public sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly EmulatorHost _host;

    private ControlPlaneHost(EmulatorHost host)
    {
        _host = host;
        Http = SignedHttp.Create(host.BaseUrl);
    }

    public Uri BaseAddress => _host.BaseUrl;

    public string EndpointUrl => BaseAddress.ToString().TrimEnd('/');

    public HttpClient Http { get; }

    public FunctionRegistry Registry => _host.Functions;

    public static async Task<ControlPlaneHost> StartAsync(ControlPlaneOptions? options = null)
    {
        options ??= new ControlPlaneOptions();
        return new ControlPlaneHost(await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Port = 0,
            AccountId = options.AccountId,
            StateDirectory = options.StateDirectory,
            WorkDirectory = options.WorkDirectory,
            EchoFunctionLogs = false,
        }));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _host.DisposeAsync();
    }
}
