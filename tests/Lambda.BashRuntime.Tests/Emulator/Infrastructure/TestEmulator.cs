using System.Net.Http.Headers;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.Emulator.Infrastructure;

/// <summary>The whole emulator in-process on free loopback ports, with an HttpClient on its Invoke API.</summary>
public sealed class TestEmulator : IAsyncDisposable
{
    private TestEmulator(EmulatorHost host)
    {
        Host = host;
        Http = SignedHttp.Create(host.BaseUrl);
    }

    public EmulatorHost Host { get; }
    public HttpClient Http { get; }
    public string Endpoint => Host.BaseUrl.ToString().TrimEnd('/');

    /// <param name="configure">Changes to the options (limits made small for a test, a state directory).</param>
    public static async Task<TestEmulator> StartAsync(
        int maxConcurrency = 4, Action<IServiceCollection>? services = null, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Port = 0, MaxConcurrency = maxConcurrency, EchoFunctionLogs = false };
        configure?.Invoke(options);
        return new TestEmulator(await EmulatorHost.StartAsync(options, services));
    }

    /// <summary>POST /2015-03-31/functions/NAME/invocations with the payload bytes as they are.</summary>
    public Task<HttpResponseMessage> InvokeAsync(
        string functionName, byte[] payload, string? invocationType = null, string? logType = null, string? query = null,
        string? clientContext = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post,
            $"/2015-03-31/functions/{Uri.EscapeDataString(functionName)}/invocations{query}")
        {
            Content = new ByteArrayContent(payload),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (invocationType is not null)
        {
            request.Headers.Add("X-Amz-Invocation-Type", invocationType);
        }
        if (logType is not null)
        {
            request.Headers.Add("X-Amz-Log-Type", logType);
        }
        if (clientContext is not null)
        {
            request.Headers.Add("X-Amz-Client-Context", clientContext);
        }
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
