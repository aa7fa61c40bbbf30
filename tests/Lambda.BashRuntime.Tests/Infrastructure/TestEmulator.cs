using System.Net.Http.Headers;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// The whole emulator in-process on a free loopback port, with an HttpClient on its Invoke API and control plane: the
/// one host wrapper of the emulator and control-plane tests.
/// </summary>
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
    public FunctionRegistry Registry => Host.Functions;

    /// <summary>
    /// Starts an emulator with the given options (the defaults when null), always on a free port and without echoing
    /// function logs; <paramref name="maxConcurrency"/>, when given, replaces the options' own, and <paramref name="configure"/>
    /// changes the rest.
    /// </summary>
    public static async Task<TestEmulator> StartAsync(
        EmulatorOptions? options = null, int? maxConcurrency = null, Action<IServiceCollection>? services = null,
        Action<EmulatorOptions>? configure = null)
    {
        options ??= new EmulatorOptions();
        configure?.Invoke(options); // limits made small for a test, a state directory
        options.Port = 0;
        options.EchoFunctionLogs = false;
        if (maxConcurrency is { } max)
        {
            options.MaxConcurrency = max;
        }
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
