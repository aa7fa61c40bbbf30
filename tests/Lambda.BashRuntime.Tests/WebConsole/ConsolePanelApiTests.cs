using System.Net;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// The configuration panel's and the URL tester's routes at the HTTP level: guarded like the rest of the console's
/// API, the configuration without the emulator's credentials, and the tester reaching only the function's own URL.
/// </summary>
[Trait("Category", TestBash.Category)]
public sealed class ConsolePanelApiTests : IAsyncLifetime
{
    private HttpConsoleSession _session = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _session = await HttpConsoleSession.StartAsync();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = _session.Host.BaseUrl,
        };
        using (await _http.GetAsync(_session.ConsoleUrl)) // the token traded for the cookie
        {
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _session.DisposeAsync();
    }

    [ScriptFact]
    public async Task The_configuration_is_the_functions_own_with_its_url_and_never_the_emulators_credentials()
    {
        using (var answer = await TestAsync(new { functionName = HttpConsoleSession.FunctionName, method = "GET", path = "/hello" }))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode); // an environment ran, with credentials issued to it
        }
        using var response = await _http.GetAsync($"/console/api/functions/{HttpConsoleSession.FunctionName}/configuration");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var configuration = JsonDocument.Parse(text).RootElement;
        var record = _session.Host.Services.GetRequiredService<FunctionService>().Get(HttpConsoleSession.FunctionName, null, _session.Host.Options.Region);
        Assert.Equal(record.Code.CodeSha256, configuration.GetProperty("codeSha256").GetString());
        Assert.Equal(record.Code.CodeSize, configuration.GetProperty("codeSize").GetInt64());
        Assert.Equal("function.handler", configuration.GetProperty("handler").GetString());
        Assert.Equal("Hello from the config", configuration.GetProperty("environment").GetProperty("GREETING").GetString());
        Assert.Equal("/aws/lambda/HelloHttp", configuration.GetProperty("loggingConfig").GetProperty("logGroup").GetString());
        var url = Assert.Single(configuration.GetProperty("urls").EnumerateArray());
        Assert.Equal(_session.Url, url.GetProperty("url").GetString());
        Assert.Equal("NONE", url.GetProperty("authType").GetString());
        Assert.Equal("BUFFERED", url.GetProperty("invokeMode").GetString());
        foreach (var secret in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [ScriptFact]
    public async Task The_tester_needs_the_console_cookie_and_a_JSON_request_with_an_Origin()
    {
        using var stranger = new HttpClient { BaseAddress = _session.Host.BaseUrl };
        var body = """{"functionName":"HelloHttp","method":"GET","path":"/hello"}""";
        using var noCookie = await stranger.PostAsync("/console/api/url-test", new StringContent(body, Encoding.UTF8, "application/json"));
        using var textPlain = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/console/api/url-test")
        {
            Content = new StringContent(body), Headers = { { "Origin", _session.Origin } },
        });
        using var otherOrigin = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/console/api/url-test")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"), Headers = { { "Origin", "http://evil.example" } },
        });

        Assert.Equal(HttpStatusCode.Unauthorized, noCookie.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, textPlain.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherOrigin.StatusCode);
        Assert.Empty(_session.History.List()); // nothing reached the function
    }

    [ScriptFact]
    public async Task A_path_that_looks_like_another_host_still_goes_to_the_functions_own_url()
    {
        using var response = await TestAsync(new { functionName = HttpConsoleSession.FunctionName, method = "GET", path = "//evil.example:80/x" });
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(404, answer.GetProperty("status").GetInt32()); // the template's "No route for"
        Assert.StartsWith(_session.Url.TrimEnd('/') + "//evil.example", answer.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains("No route for GET //evil.example:80/x", answer.GetProperty("body").GetString(), StringComparison.Ordinal);
        var received = JsonDocument.Parse(answer.GetProperty("event").GetString()!).RootElement;
        Assert.Equal("//evil.example:80/x", received.GetProperty("rawPath").GetString());
    }

    [ScriptFact]
    public async Task Bad_input_names_the_field_and_the_fix_and_sends_nothing()
    {
        (object Request, string Field, string Code, string Words)[] cases =
        [
            (new { functionName = "HelloHttp", method = "G ET" }, "method", "badMethod", "'G ET' is not an HTTP method"),
            (new { functionName = "HelloHttp", method = "post" }, "method", "lowercaseMethod", "write POST"),
            (new { functionName = "HelloHttp", method = "GET", path = "hello" }, "path", "pathStart", "write /hello"),
            (new { functionName = "HelloHttp", method = "GET", path = "/a b" }, "path", "pathChar", "percent-encode it"),
            (new { functionName = "HelloHttp", method = "GET", path = "/hello?name=x" }, "path", "pathQuery", "its own field"),
            (new { functionName = "HelloHttp", method = "GET", query = "name=%zz" }, "query", "percent", "%25"),
            (new { functionName = "HelloHttp", method = "GET", headers = "Accept: */*\nno colon here" }, "headers", "headerLine", "Header line 2 ('no colon here')"),
            (new { functionName = "HelloHttp", method = "GET", headers = "Host: evil.example" }, "headers", "headerForbidden", "Host belongs to the connection"),
        ];
        foreach (var (request, field, code, words) in cases)
        {
            using var response = await TestAsync(request);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.Contains(words, problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        using var unknown = await TestAsync(new { functionName = "NoSuchFunction", method = "GET" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(_session.History.List());
    }

    [ScriptFact]
    public async Task An_AWS_IAM_url_gets_a_header_of_SigV4s_form_and_the_event_names_that_caller()
    {
        _session.CreateFunction("PrivateHttp", timeout: 3);
        await _session.Host.Services.GetRequiredService<FunctionUrlService>().CreateAsync(
            "PrivateHttp", null, new CreateFunctionUrlConfigRequest { AuthType = "AWS_IAM" }, _session.Host.Options.Region);

        using var response = await TestAsync(new { functionName = "PrivateHttp", method = "GET", path = "/hello", query = "name=IAM" });
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.True(answer.GetProperty("signedByConsole").GetBoolean());
        Assert.Contains("Hello, IAM!", answer.GetProperty("body").GetString(), StringComparison.Ordinal);
        var received = JsonDocument.Parse(answer.GetProperty("event").GetString()!).RootElement;
        Assert.Equal("console", received.GetProperty("requestContext").GetProperty("authorizer").GetProperty("iam").GetProperty("accessKey").GetString());
    }

    [ScriptFact]
    public async Task A_RESPONSE_STREAM_url_answers_the_tester_whole_with_the_event_of_its_invoke()
    {
        _session.CreateFunction("StreamHttp", timeout: 3);
        await _session.Host.Services.GetRequiredService<FunctionUrlService>().CreateAsync("StreamHttp", null,
            new CreateFunctionUrlConfigRequest { AuthType = "AWS_IAM", InvokeMode = "RESPONSE_STREAM" }, _session.Host.Options.Region);

        using var response = await TestAsync(new
        {
            functionName = "StreamHttp", method = "POST", path = "/echo", headers = "Content-Type: text/plain", body = "héllo",
        });
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.True(answer.GetProperty("complete").GetBoolean());
        Assert.Equal("""{"received":"héllo"}""", answer.GetProperty("body").GetString());
        Assert.Equal(answer.GetProperty("bodyLength").GetInt64(), answer.GetProperty("shownBytes").GetInt64());
        var received = JsonDocument.Parse(answer.GetProperty("event").GetString()!).RootElement;
        Assert.Equal("héllo", received.GetProperty("body").GetString());
        Assert.Equal(answer.GetProperty("requestId").GetString(), received.GetProperty("requestContext").GetProperty("requestId").GetString());
    }

    private Task<HttpResponseMessage> TestAsync(object request)
        => _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/console/api/url-test")
        {
            Content = new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"),
            Headers = { { "Origin", _session.Origin } },
        });
}
