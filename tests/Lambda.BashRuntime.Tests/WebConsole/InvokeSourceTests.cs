using System.Net;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// The history's record of where each invoke entered, set at the entry itself: the Invoke API (with the qualifier it
/// named), a function URL (its method and path), and each attempt of an Event invoke, retries included (retried at
/// once here: --event-retry-delay 0). The tutorial's function with the template's bootstrap, run for real.
/// </summary>
public sealed class InvokeSourceTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TestEmulator _emulator = null!;
    private LambdaApi _api = null!;

    private InvokeHistory History => _emulator.Host.Services.GetRequiredService<InvokeHistory>();

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(new Lambda.BashRuntime.Emulator.Hosting.EmulatorOptions
        {
            WebConsole = new ConsoleOptions { Token = ConsoleSession.Token },
            SandboxWritableFolders = [_folder.Path], // the streaming function's gate
        }, maxConcurrency: 2, configure: options => options.EventRetryDelay = TimeSpan.Zero);
        _api = new LambdaApi(_emulator.Http);
        await _api.CreateFunctionAsync("hello", Zip(File.ReadAllText(RepoPaths.FunctionScript)));
        await _api.CreateFunctionAsync("failing", Zip("handler() {\n  printf 'no\\n' >&2\n  return 4\n}\n"));
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_Invoke_API_call_is_CLI_SDK_with_the_qualifier_it_named()
    {
        using var published = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/hello/versions", new { });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        using var response = await _emulator.InvokeAsync("hello", """{"n":1}"""u8.ToArray(), query: "?Qualifier=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entry = Assert.Single(History.List());
        Assert.Equal(new InvokeSource(InvokeSource.ApiKind, "Invoke"), entry.Source);
        Assert.Equal(("1", "1", """{"n":1}"""), (entry.Qualifier, entry.ExecutedVersion, entry.Request));
        Assert.True(entry.Figures.DurationMs > 0);
        Assert.NotNull(entry.Figures.InitDurationMs); // a cold start
    }

    [Fact]
    public async Task An_InvokeWithResponseStream_call_is_recorded_with_what_it_streamed()
    {
        var gate = Path.Combine(_folder.Path, "gate");
        File.WriteAllText(gate, ""); // open from the start: the function streams both chunks at once
        await _api.CreateFunctionAsync("streamer", StreamingFunction.Zip(gate));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2021-11-15/functions/streamer/response-streaming-invocations")
        {
            Content = new StringContent("{}"),
        };
        using var response = await _emulator.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsByteArrayAsync(); // to its InvokeComplete

        var entry = Assert.Single(History.List());
        Assert.Equal(new InvokeSource(InvokeSource.ApiKind, "InvokeWithResponseStream"), entry.Source);
        Assert.Equal((StreamingFunction.First + StreamingFunction.Last, true, "Succeeded"), (entry.Response, entry.Streamed, entry.Status));
    }

    [Fact]
    public async Task A_function_URL_request_is_recorded_with_its_method_and_path()
    {
        using var created = await _api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/hello/url", new { AuthType = "NONE" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("FunctionUrl").GetString()!;
        foreach (var statement in new object[]
        {
            new { StatementId = "url", Action = "lambda:InvokeFunctionUrl", Principal = "*", FunctionUrlAuthType = "NONE" },
            new { StatementId = "invoke", Action = "lambda:InvokeFunction", Principal = "*", InvokedViaFunctionUrl = true },
        })
        {
            using var added = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/hello/policy", statement);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        using var client = new HttpClient();
        using var response = await client.PostAsync(url + "orders/7?verbose=1", new StringContent("{}"));

        var entry = Assert.Single(History.List());
        Assert.Equal(new InvokeSource(InvokeSource.FunctionUrlKind, Method: "POST", Path: "/orders/7?verbose=1"), entry.Source);
        Assert.Contains("\"rawPath\":\"/orders/7\"", entry.Request, StringComparison.Ordinal); // the payload 2.0 event it got
    }

    [Fact]
    public async Task Each_attempt_of_a_failing_Event_invoke_is_an_Event_entry_with_its_attempt_and_error()
    {
        using var response = await _emulator.InvokeAsync("failing", "{}"u8.ToArray(), invocationType: "Event");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (History.List().Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var entries = History.List().Reverse().ToList();
        Assert.Equal([1, 2, 3], entries.Select(e => e.Source!.Attempt));
        Assert.All(entries, e =>
        {
            Assert.Equal((InvokeSource.EventKind, "Event", "Failed"), (e.Source!.Kind, e.InvocationType, e.Status));
            Assert.Equal("HandlerError", e.ErrorType);
            Assert.StartsWith("handler in function.sh exited with status 4", e.ErrorMessage, StringComparison.Ordinal);
        });
        Assert.Single(entries.Select(e => e.RequestId).Distinct()); // one request, retried with the same id
    }

    private static byte[] Zip(string functionScript) => TestZips.Create(
        TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
        TestZips.File("function.sh", functionScript, TestZips.Executable));
}
