using System.Net;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// The console's invoke with a qualifier, as its re-run of a history entry sends it: the version or alias named runs
/// and is recorded; one the function does not have is refused with what to check. And the Content-Type api/invoke-stream
/// passes on, which the page needs to decode an HTTP integration's prelude.
/// </summary>
public sealed class ConsoleInvokeTests : IAsyncLifetime
{
    private ConsoleSession _session = null!;
    private HttpClient _page = null!;

    public async Task InitializeAsync()
    {
        _session = await ConsoleSession.StartAsync();
        _page = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = _session.Host.BaseUrl,
        };
        using (await _page.GetAsync(_session.ConsoleUrl))
        {
        }
    }

    public async Task DisposeAsync()
    {
        _page.Dispose();
        await _session.DisposeAsync();
    }

    [Fact]
    public async Task A_re_run_with_a_qualifier_runs_that_version_and_an_unknown_one_is_refused()
    {
        var api = new LambdaApi(SignedHttp.Create(_session.Host.BaseUrl));
        using var published = await api.SendAsync(HttpMethod.Post, $"/2015-03-31/functions/{ConsoleSession.FunctionName}/versions", new { });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);

        using var ran = await PostAsync("invoke", new { functionName = ConsoleSession.FunctionName, payload = """{"v":1}""", qualifier = "1" });
        using var streamed = await PostAsync("invoke-stream", new { functionName = ConsoleSession.FunctionName, payload = "{}", qualifier = "1" });
        using var unknown = await PostAsync("invoke-stream", new { functionName = ConsoleSession.FunctionName, payload = "{}", qualifier = "7" });

        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        var entry = JsonDocument.Parse(await ran.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("1", "1", "Console"), (entry.GetProperty("qualifier").GetString(), entry.GetProperty("executedVersion").GetString(),
            entry.GetProperty("source").GetProperty("kind").GetString()));
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("Echoing request: '{}'", await streamed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("has no version or alias '7'", JsonDocument.Parse(await unknown.Content.ReadAsStringAsync())
            .RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.All(_session.Host.Services.GetRequiredService<InvokeHistory>().List(), e => Assert.Equal("1", e.ExecutedVersion));
    }

    [Fact]
    public async Task Invoke_stream_passes_a_streamed_answers_Content_Type_and_a_buffered_one_as_octet_stream()
    {
        var gate = Path.Combine(_session.ProjectDirectory, "gate");
        File.WriteAllText(gate, ""); // the function writes its whole answer at once
        _session.CreateFunction("Sse", StreamingFunction.Zip(gate, httpIntegration: true));

        using var streamed = await PostAsync("invoke-stream", new { functionName = "Sse", payload = "{}" });
        using var buffered = await PostAsync("invoke-stream", new { functionName = ConsoleSession.FunctionName, payload = "{}" });

        Assert.Equal("application/vnd.awslambda.http-integration-response", streamed.Content.Headers.ContentType?.MediaType);
        // The bytes as the function wrote them: the page decodes the prelude, the route passes it through.
        Assert.Equal(StreamingFunction.Prelude + new string('\0', 8) + StreamingFunction.First + StreamingFunction.Last,
            await streamed.Content.ReadAsStringAsync());
        Assert.Equal("application/octet-stream", buffered.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/vnd.awslambda.http-integration-response",
            _session.Host.Services.GetRequiredService<InvokeHistory>().List().Single(e => e.FunctionName == "Sse").ResponseContentType);
    }

    private Task<HttpResponseMessage> PostAsync(string route, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/console/api/" + route)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Origin", _session.Origin);
        return _page.SendAsync(request);
    }
}
