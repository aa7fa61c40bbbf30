using System.Collections.Concurrent;
using System.Net;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Security;
using Lambda.BashRuntime.Emulator.Storage;
using Lambda.BashRuntime.Emulator.WebConsole;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lambda.BashRuntime.Emulator.FunctionUrls;

/// <summary>The function and qualifier a function URL port serves.</summary>
public sealed record FunctionUrlTarget(string FunctionName, string Qualifier, string Region = LambdaRules.DefaultRegion);

/// <summary>
/// One small Kestrel server per function URL, on its own loopback port: started when the URL is created (port 0, then
/// kept in its config) or, at start-up, on the port its config keeps; stopped when the URL or its function is deleted.
/// Each port is registered in <see cref="Listeners"/> (NONE: public, AWS_IAM: signed) and guarded by the same
/// <see cref="RequestGuard"/> as every other listener, so its Host header is checked too.
/// </summary>
public sealed class FunctionUrlServers(
    Listeners listeners, HostNames hostNames, EmulatorOptions options, ILoggerFactory loggers, IServiceProvider services)
    : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, WebApplication> _servers = new();
    private readonly ILogger _logger = loggers.CreateLogger<FunctionUrlServers>();

    /// <summary>Serves <paramref name="target"/> on <paramref name="port"/> (0: a free one); returns the bound port.</summary>
    public async Task<int> StartAsync(FunctionUrlTarget target, int port, string authType, CancellationToken cancel = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FunctionUrlServers).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, HostedLifetime>(); // Ctrl+C is the emulator's, not each URL's
        ListenOptions? bound = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // the 6 MB payload limit is checked by the handler, with Lambda's answer
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                (bound = listen).Protocols = HttpProtocols.Http1;
                listen.Use(ConnectionLimits.Middleware(ConnectionLimits.FunctionUrl(options))); // a flood cannot use up descriptors
            });
        });
        var app = builder.Build();
        var guardLogger = loggers.CreateLogger<RequestGuard>();
        var handler = services.GetRequiredService<FunctionUrlHandler>();
        app.Use(next => new RequestGuard(next, listeners, hostNames, services.GetRequiredService<ConsoleAccess>(),
            services.GetRequiredService<Security.FunctionCredentials>(), services.GetRequiredService<Security.RuntimeConnections>(),
            options, guardLogger).InvokeAsync);
        app.Run(context => handler.HandleAsync(context, target));
        try
        {
            await app.StartAsync(cancel);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var boundPort = ((IPEndPoint)bound!.EndPoint).Port;
        _servers[boundPort] = app;
        listeners.Set(boundPort, KindOf(authType));
        return boundPort;
    }

    /// <summary>The URL's AuthType changed: its port's rules change with it, on the next request.</summary>
    public void SetAuthType(int port, string authType) => listeners.Set(port, KindOf(authType));

    /// <summary>Stops serving a port: refused at once, its server stopped in the background (requests in flight finish).</summary>
    public void Retire(int port)
    {
        listeners.Remove(port);
        if (_servers.TryRemove(port, out var app))
        {
            _ = StopQuietlyAsync(app, CancellationToken.None);
        }
    }

    /// <summary>Serves every URL kept in the state (start-up with --state-dir); a port now taken is reported, not fatal.</summary>
    public async Task<IReadOnlyList<(FunctionRecord Function, FunctionUrlRecord Url, string? Problem)>> RestoreAsync(ControlPlaneSnapshot snapshot)
    {
        var restored = new List<(FunctionRecord, FunctionUrlRecord, string?)>();
        foreach (var function in snapshot.Functions.Values)
        {
            foreach (var url in function.Urls.Values)
            {
                string? problem = null;
                try
                {
                    await StartAsync(new FunctionUrlTarget(function.FunctionName, url.Qualifier, function.Region), url.Port, url.AuthType);
                }
                catch (IOException e)
                {
                    problem = $"port {url.Port} cannot be used ({e.Message}): free it, or delete-function-url-config and create the URL again for a new port";
                    _logger.LogError("The function URL {Url} of {Function} is not served: {Problem}", url.Url, function.FunctionName, problem);
                }
                restored.Add((function, url, problem));
            }
        }
        return restored;
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stopping = new List<Task>();
        foreach (var port in _servers.Keys.ToList())
        {
            listeners.Remove(port);
            if (_servers.TryRemove(port, out var app))
            {
                stopping.Add(StopQuietlyAsync(app, cancellationToken));
            }
        }
        await Task.WhenAll(stopping);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private static ListenerKind KindOf(string authType)
        => authType == FunctionUrlValidation.AwsIam ? ListenerKind.FunctionUrlIam : ListenerKind.FunctionUrlPublic;

    private async Task StopQuietlyAsync(WebApplication app, CancellationToken cancel)
    {
        try
        {
            await app.StopAsync(cancel);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            _logger.LogDebug(e, "A function URL server did not stop cleanly");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>A host lifetime that leaves signals alone: the emulator's own host handles Ctrl+C and SIGTERM.</summary>
    private sealed class HostedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
