using Lambda.BashRuntime.Emulator.ControlPlane;
using Lambda.BashRuntime.Emulator.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>
/// The control plane in a small in-process host on 127.0.0.1 (port 0), wired as the emulator's host wires it:
/// FunctionRegistry as a singleton, AddControlPlane, MapControlPlane.
/// </summary>
public sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlPlaneHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public string EndpointUrl => BaseAddress.ToString().TrimEnd('/');

    public HttpClient Http { get; }

    public FunctionRegistry Registry => _app.Services.GetRequiredService<FunctionRegistry>();

    public static async Task<ControlPlaneHost> StartAsync(ControlPlaneOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<FunctionRegistry>();
        builder.Services.AddControlPlane(options ?? new ControlPlaneOptions());
        var app = builder.Build();
        app.MapControlPlane();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ControlPlaneHost(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
