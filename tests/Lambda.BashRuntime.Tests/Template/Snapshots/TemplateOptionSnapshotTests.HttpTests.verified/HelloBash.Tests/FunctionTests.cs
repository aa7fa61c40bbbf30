using System.Reflection;
using System.Text.Json;
using Lambda.BashRuntime.Testing;

namespace HelloBash.Tests;

/// <summary>
/// Runs the function in the local Lambda emulator, as Lambda would run it: the function.zip that `dotnet build`
/// wrote, started by bootstrap. Add a test per event your function must handle: put the event in events/ and assert
/// what the function answers.
/// </summary>
public sealed class FunctionTests(FunctionTests.Emulator emulator) : IClassFixture<FunctionTests.Emulator>
{
    private static readonly string FunctionProject = typeof(FunctionTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FunctionProjectDirectory").Value!;

    private readonly LocalLambda _lambda = emulator.Lambda;

    /// <summary>
    /// One emulator for the whole class: xunit makes a new FunctionTests for each test but one Emulator per class,
    /// started before the first test and stopped after the last.
    /// </summary>
    public sealed class Emulator : IAsyncLifetime
    {
        public LocalLambda Lambda { get; private set; } = null!;

        public async Task InitializeAsync() => Lambda = await LocalLambda.StartAsync(FunctionProject);

        public async Task DisposeAsync() => await Lambda.DisposeAsync();
    }

    [Fact]
    public async Task Get_hello_greets_the_name_in_the_query()
    {
        var result = await _lambda.InvokeEventFileAsync("events/hello.json");

        // On a failure, the message shows the function's log (result.Log): what it printed on stderr.
        Assert.True(result.FunctionError is null, $"{result.Payload}\n{result.Log}");
        var response = HttpResponse.Parse(result.Payload);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("{\"message\":\"Hello, Ana!\"}", response.Body);
    }

    [Fact]
    public async Task Post_echo_answers_the_body_it_received()
    {
        var result = await _lambda.InvokeEventFileAsync("events/echo.json");

        var response = HttpResponse.Parse(result.Payload);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("{\"text\":\"Hello, echo!\"}", JsonDocument.Parse(response.Body).RootElement.GetProperty("received").GetString());
    }

    [Theory]
    [InlineData("quotes \" and backslashes \\ \\\"")]
    [InlineData("lines\nand\ttabs\r\n and \u0001 control characters")]
    [InlineData("unicode: é, 日本語, 😀")]
    [InlineData("not run: $(id) `id` ${HOME} *")]
    public async Task Post_echo_keeps_any_text_byte_for_byte(string text)
    {
        var result = await _lambda.InvokeAsync(Request("POST", "/echo", body: text));

        var response = HttpResponse.Parse(result.Payload);
        Assert.Equal(text, JsonDocument.Parse(response.Body).RootElement.GetProperty("received").GetString());
    }

    [Fact]
    public async Task Get_events_streams_server_sent_events_after_its_status_and_headers()
    {
        // Invoke gathers a streamed answer: the prelude (status and headers as JSON), 8 NUL bytes, then the body. A
        // Function URL with InvokeMode RESPONSE_STREAM sends each event as it is printed (README: Response streaming).
        var result = await _lambda.InvokeAsync(Request("GET", "/events"));

        Assert.True(result.FunctionError is null, $"{result.Payload}\n{result.Log}");
        var delimiter = result.Payload.IndexOf(new string('\0', 8), StringComparison.Ordinal);
        Assert.True(delimiter > 0, $"no prelude: {result.Payload}");
        var head = JsonDocument.Parse(result.Payload[..delimiter]).RootElement;
        Assert.Equal(200, head.GetProperty("statusCode").GetInt32());
        Assert.Equal("text/event-stream", head.GetProperty("headers").GetProperty("content-type").GetString());
        Assert.Equal("data: {\"count\":1}\n\ndata: {\"count\":2}\n\ndata: {\"count\":3}\n\n", result.Payload[(delimiter + 8)..]);
    }

    [Fact]
    public async Task Unknown_route_is_404()
    {
        var result = await _lambda.InvokeAsync(Request("DELETE", "/hello"));

        var response = HttpResponse.Parse(result.Payload);
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("{\"message\":\"No route for DELETE /hello\"}", response.Body);
    }

    /// <summary>A request as a Function URL delivers it (payload format 2.0), with only the fields the handler reads.</summary>
    private static string Request(string method, string path, string? body = null) => JsonSerializer.Serialize(new
    {
        version = "2.0",
        rawPath = path,
        rawQueryString = "",
        headers = new Dictionary<string, string> { ["content-type"] = "text/plain" },
        requestContext = new { http = new { method, path } },
        body,
        isBase64Encoded = false,
    });

    /// <summary>The response object the handler prints: what the Function URL turns into the HTTP response.</summary>
    private sealed record HttpResponse(int StatusCode, string? ContentType, string Body)
    {
        public static HttpResponse Parse(string payload)
        {
            var root = JsonDocument.Parse(payload).RootElement;
            return new HttpResponse(
                root.GetProperty("statusCode").GetInt32(),
                root.GetProperty("headers").GetProperty("content-type").GetString(),
                root.GetProperty("body").GetString()!);
        }
    }
}
