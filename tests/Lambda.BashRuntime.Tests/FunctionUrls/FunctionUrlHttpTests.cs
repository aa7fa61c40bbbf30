using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lambda.BashRuntime.Tests.FunctionUrls;

/// <summary>
/// Function URLs as a developer uses them: created with the AWS CLI v2, called with curl. The CLI 2.9 that Debian ships
/// cannot send InvokedViaFunctionUrl, so that one statement is added over HTTP.
/// </summary>
[Trait("Category", TestBash.Category)]
public sealed class FunctionUrlHttpTests(FunctionUrlHttpTests.Emulator emulator) : IClassFixture<FunctionUrlHttpTests.Emulator>
{
    private const string AppOrigin = "https://app.example";

    /// <summary>One emulator for the class: "web" (NONE, with Cors), "plain" (NONE, no Cors), "private" (AWS_IAM).</summary>
    public sealed class Emulator : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();

        public EmulatorHost Host { get; private set; } = null!;
        public CapturedMessages Messages { get; } = new();
        public AwsCli Cli { get; private set; } = null!;
        public LambdaApi Api { get; private set; } = null!;
        public string Folder => _folder.Path;
        public string Web { get; private set; } = "";
        public string Plain { get; private set; } = "";
        public string Private { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, EchoFunctionLogs = false, AllowedHosts = ["web.test"] },
                services => services.AddSingleton<ILoggerProvider>(Messages));
            var endpoint = Host.BaseUrl.ToString().TrimEnd('/');
            Cli = new AwsCli(endpoint, _folder.Path, "us-east-1");
            Api = new LambdaApi(SignedHttp.Create(Host.BaseUrl), "us-east-1");
            Web = await CreatePublicAsync("web",
                "--cors", """{"AllowOrigins":["https://app.example"],"AllowMethods":["GET","POST"],"AllowHeaders":["content-type","x-token"],"ExposeHeaders":["x-amzn-requestid"],"MaxAge":300,"AllowCredentials":true}""");
            Plain = await CreatePublicAsync("plain");
            await UrlFunction.CreateAsync(Cli, _folder.Path, "private");
            Private = (await Cli.LambdaAsync("create-function-url-config", "--function-name", "private", "--auth-type", "AWS_IAM"))!
                .Value.GetProperty("FunctionUrl").GetString()!;
        }

        /// <summary>A function with a NONE URL and both statements AWS requires for it since October 2025.</summary>
        public async Task<string> CreatePublicAsync(string name, params string[] urlOptions)
        {
            await UrlFunction.CreateAsync(Cli, _folder.Path, name);
            var url = (await Cli.LambdaAsync(["create-function-url-config", "--function-name", name, "--auth-type", "NONE", .. urlOptions]))!
                .Value.GetProperty("FunctionUrl").GetString()!;
            await Cli.LambdaAsync("add-permission", "--function-name", name, "--statement-id", "FunctionURLAllowPublicAccess",
                "--action", "lambda:InvokeFunctionUrl", "--principal", "*", "--function-url-auth-type", "NONE");
            var invoke = await Api.SendAsync(HttpMethod.Post, $"/2015-03-31/functions/{name}/policy", new
            {
                StatementId = "FunctionURLInvokeAllowPublicAccess", Action = "lambda:InvokeFunction", Principal = "*", InvokedViaFunctionUrl = true,
            });
            await ServiceModel.AssertOutputAsync("AddPermission", invoke);
            return url;
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            _folder.Dispose();
        }
    }

    [ScriptFact]
    public async Task A_GET_with_query_and_cookies_reaches_the_function_as_a_payload_2_0_event()
    {
        var response = await Curl.RunAsync(emulator.Web + "event?name=J%C3%BCrgen&tag=a&tag=b&empty=",
            "-H", "Cookie: a=1; b=2", "-H", "X-Multi: one", "-H", "X-Multi: two", "-A", "curl-test");

        Assert.Equal(200, response.Status);
        Assert.Equal(["seen=1; Path=/", "theme=dark"], response.All("Set-Cookie"));
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Null(response.Header("Access-Control-Allow-Origin")); // the URL's Cors governs, not the function
        var e = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("2.0", e.GetProperty("version").GetString());
        Assert.Equal("$default", e.GetProperty("routeKey").GetString());
        Assert.Equal("/event", e.GetProperty("rawPath").GetString());
        Assert.Equal("name=J%C3%BCrgen&tag=a&tag=b&empty=", e.GetProperty("rawQueryString").GetString());
        Assert.Equal(["a=1", "b=2"], e.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        var headers = e.GetProperty("headers");
        Assert.Equal("one,two", headers.GetProperty("x-multi").GetString());
        Assert.Equal("curl-test", headers.GetProperty("user-agent").GetString());
        Assert.False(headers.TryGetProperty("cookie", out _));
        Assert.All(headers.EnumerateObject(), h => Assert.Equal(h.Name.ToLowerInvariant(), h.Name));
        var query = e.GetProperty("queryStringParameters");
        Assert.Equal("Jürgen", query.GetProperty("name").GetString());
        Assert.Equal("a,b", query.GetProperty("tag").GetString());
        Assert.Equal("", query.GetProperty("empty").GetString());
        var context = e.GetProperty("requestContext");
        Assert.Equal("anonymous", context.GetProperty("accountId").GetString());
        Assert.Matches("^[a-z0-9]{32}$", context.GetProperty("apiId").GetString());
        Assert.Equal(context.GetProperty("apiId").GetString(), context.GetProperty("domainPrefix").GetString());
        Assert.Equal("127.0.0.1", context.GetProperty("domainName").GetString());
        var http = context.GetProperty("http");
        Assert.Equal("GET", http.GetProperty("method").GetString());
        Assert.Equal("/event", http.GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", http.GetProperty("protocol").GetString());
        Assert.Equal("127.0.0.1", http.GetProperty("sourceIp").GetString());
        Assert.Equal("curl-test", http.GetProperty("userAgent").GetString());
        Assert.Equal(response.Header("X-Amzn-RequestId"), context.GetProperty("requestId").GetString());
        Assert.Matches(@"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$", context.GetProperty("time").GetString());
        Assert.InRange(context.GetProperty("timeEpoch").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(e.TryGetProperty("body", out _));
    }

    [ScriptFact]
    public async Task The_web_consoles_cookie_never_reaches_a_function_and_a_function_cannot_set_it()
    {
        // A browser sends the console's cookie (lbr_console_PORT, of any emulator on 127.0.0.1) to every port of the host.
        var response = await Curl.RunAsync(emulator.Web + "console-cookie",
            "-H", "Cookie: a=1; lbr_console_3001=secret; LBR_CONSOLE_4000=other", "-H", "Cookie: lbr_console_3001=again");

        Assert.Equal(200, response.Status);
        var e = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(["a=1"], e.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain("secret", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
        Assert.DoesNotContain("again", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
        Assert.Equal(["kept=1"], response.All("Set-Cookie")); // the function's console cookies (header and cookies) are dropped
    }

    [ScriptFact]
    public async Task A_POST_of_JSON_reaches_the_function_as_text_and_a_form_post_as_base64()
    {
        const string json = """{"text":"ü \"quoted\" \\ $(id)"}""";
        var posted = await Curl.RunAsync("-X", "POST", emulator.Web + "event", "-H", "Content-Type: application/json", "--data-binary", json);
        var e = JsonDocument.Parse(posted.Body).RootElement;
        Assert.Equal(json, e.GetProperty("body").GetString());
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("POST", e.GetProperty("requestContext").GetProperty("http").GetProperty("method").GetString());

        var form = await Curl.RunAsync(emulator.Web + "event", "-d", "a=1&b=2");
        var f = JsonDocument.Parse(form.Body).RootElement;
        Assert.Equal("YT0xJmI9Mg==", f.GetProperty("body").GetString());
        Assert.True(f.GetProperty("isBase64Encoded").GetBoolean());
    }

    [ScriptFact]
    public async Task A_binary_POST_round_trips_byte_exact_through_base64()
    {
        var bytes = new byte[70_000];
        new Random(15).NextBytes(bytes);
        Enumerable.Range(0, 256).ToList().ForEach(i => bytes[i] = (byte)i);
        var file = Path.Combine(emulator.Folder, "binary.bin");
        await File.WriteAllBytesAsync(file, bytes);

        var response = await Curl.RunAsync("-X", "POST", emulator.Web + "binary", "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + file);

        Assert.Equal(201, response.Status);
        Assert.Equal("application/octet-stream", response.Header("Content-Type"));
        Assert.Equal(bytes, response.Body);
    }

    [ScriptFact]
    public async Task A_route_the_handler_does_not_know_is_its_404()
    {
        var response = await Curl.RunAsync(emulator.Web + "nowhere");

        Assert.Equal(404, response.Status);
        Assert.Equal("""{"message":"no route for GET /nowhere"}""", response.Text);
    }

    [ScriptFact]
    public async Task A_handler_error_is_a_502_and_output_that_is_not_JSON_too()
    {
        var failed = await Curl.RunAsync(emulator.Web + "fail");
        Assert.Equal(502, failed.Status);
        Assert.Equal("""{"Message":"Internal Server Error"}""", failed.Text);

        var text = await Curl.RunAsync(emulator.Web + "text");
        Assert.Equal(502, text.Status);
    }

    [ScriptTheory]
    [InlineData("crlf", "the value of the header x-note has a control or non-ASCII character")]
    [InlineData("spaced-name", "the header name \"x bad\" is not an HTTP header name")]
    [InlineData("crlf-cookie", "a cookie has a control or non-ASCII character")]
    [InlineData("string-status", "statusCode \"200\" is not an HTTP status of a final answer")]
    [InlineData("switching", "statusCode 101 is not an HTTP status of a final answer")]
    [InlineData("no-content-body", "statusCode 204 has a body of 1 bytes")]
    public async Task An_answer_HTTP_cannot_carry_is_a_502_with_its_reason_on_stderr(string route, string reason)
    {
        var response = await Curl.RunAsync(emulator.Web + route);

        Assert.Equal(502, response.Status);
        Assert.Equal("""{"Message":"Internal Server Error"}""", response.Text);
        Assert.DoesNotContain(response.Headers, h => h.Name.Equals("x-injected", StringComparison.OrdinalIgnoreCase));
        var line = Assert.Single(emulator.Messages.Text.Split('\n'), l => l.Contains(reason, StringComparison.Ordinal));
        Assert.Contains($"Function URL {emulator.Web} of web answered 502", line);
    }

    [ScriptFact]
    public async Task A_204_without_a_body_is_served_as_it_is()
    {
        var response = await Curl.RunAsync(emulator.Web + "no-content");

        Assert.Equal(204, response.Status);
        Assert.Equal("yes", response.Header("x-done"));
        Assert.Empty(response.Body);
    }

    [ScriptFact]
    public async Task JSON_without_a_statusCode_is_a_200_application_json_body_and_a_string_keeps_its_quotes()
    {
        var response = await Curl.RunAsync(emulator.Web + "string");

        Assert.Equal(200, response.Status);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Equal("\"Hello\"", response.Text);
    }

    [ScriptFact]
    public async Task A_preflight_on_a_URL_with_Cors_is_answered_from_its_config_without_the_function()
    {
        var preflight = await Curl.RunAsync("-X", "OPTIONS", emulator.Web + "event", "-H", "Origin: " + AppOrigin,
            "-H", "Access-Control-Request-Method: POST", "-H", "Access-Control-Request-Headers: content-type");

        Assert.Equal(200, preflight.Status);
        Assert.Equal(AppOrigin, preflight.Header("Access-Control-Allow-Origin"));
        Assert.Equal("GET,POST", preflight.Header("Access-Control-Allow-Methods"));
        Assert.Equal("content-type,x-token", preflight.Header("Access-Control-Allow-Headers"));
        Assert.Equal("300", preflight.Header("Access-Control-Max-Age"));
        Assert.Equal("true", preflight.Header("Access-Control-Allow-Credentials"));
        Assert.Empty(preflight.All("Set-Cookie")); // the function (which sets cookies on /event) was not called

        var foreign = await Curl.RunAsync("-X", "OPTIONS", emulator.Web + "event", "-H", "Origin: https://evil.example", "-H", "Access-Control-Request-Method: POST");
        Assert.Null(foreign.Header("Access-Control-Allow-Origin"));

        var actual = await Curl.RunAsync(emulator.Web + "event", "-H", "Origin: " + AppOrigin);
        Assert.Equal(AppOrigin, actual.Header("Access-Control-Allow-Origin"));
        Assert.Equal("x-amzn-requestid", actual.Header("Access-Control-Expose-Headers"));
    }

    [ScriptFact]
    public async Task A_URL_without_Cors_adds_no_CORS_headers_and_passes_OPTIONS_to_the_function()
    {
        var preflight = await Curl.RunAsync("-X", "OPTIONS", emulator.Plain + "nowhere", "-H", "Origin: " + AppOrigin, "-H", "Access-Control-Request-Method: POST");

        Assert.Equal(404, preflight.Status); // the handler's own answer
        Assert.DoesNotContain(preflight.Headers, h => h.Name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));

        var own = await Curl.RunAsync(emulator.Plain + "event", "-H", "Origin: " + AppOrigin);
        Assert.Equal("https://function.example", own.Header("Access-Control-Allow-Origin")); // the function's own, as on AWS
        Assert.Single(own.All("Access-Control-Allow-Origin"));
    }

    [ScriptFact]
    public async Task An_AWS_IAM_URL_refuses_unsigned_requests_and_serves_signed_ones()
    {
        var unsigned = await Curl.RunAsync(emulator.Private + "event");
        Assert.Equal(403, unsigned.Status);
        Assert.Equal("MissingAuthenticationTokenException", unsigned.Header("X-Amzn-ErrorType"));

        var signed = await Curl.RunAsync(emulator.Private + "event", "--aws-sigv4", "aws:amz:us-east-1:lambda", "--user", "AKIDLOCAL:secret");
        Assert.Equal(200, signed.Status);
        var iam = JsonDocument.Parse(signed.Body).RootElement.GetProperty("requestContext").GetProperty("authorizer").GetProperty("iam");
        Assert.Equal("AKIDLOCAL", iam.GetProperty("accessKey").GetString());
        Assert.Equal("123456789012", iam.GetProperty("accountId").GetString());
    }

    [ScriptFact]
    public async Task A_foreign_Host_is_refused_and_an_allowed_host_is_served()
    {
        var port = new Uri(emulator.Web).Port;

        var foreign = await Curl.RunAsync(emulator.Web + "event", "-H", $"Host: evil.example:{port}");
        Assert.Equal(403, foreign.Status);
        Assert.Contains("DNS rebinding", foreign.Text);

        var allowed = await Curl.RunAsync(emulator.Web + "event", "-H", "Host: web.test");
        Assert.Equal(200, allowed.Status);
        Assert.Equal("web.test", JsonDocument.Parse(allowed.Body).RootElement.GetProperty("requestContext").GetProperty("domainName").GetString());
    }

    [ScriptFact]
    public async Task An_absolute_form_target_reaches_the_function_as_its_path_and_its_authority_is_checked_like_Host()
    {
        var port = new Uri(emulator.Web).Port;

        var absolute = await Curl.RunAsync(emulator.Web, "--request-target", $"http://127.0.0.1:{port}/event?a=1");
        Assert.Equal(200, absolute.Status);
        var e = JsonDocument.Parse(absolute.Body).RootElement;
        Assert.Equal("/event", e.GetProperty("rawPath").GetString());
        Assert.Equal("a=1", e.GetProperty("rawQueryString").GetString());
        Assert.Equal("/event", e.GetProperty("requestContext").GetProperty("http").GetProperty("path").GetString());

        var foreign = await Curl.RunAsync(emulator.Web, "--request-target", $"http://evil.example:{port}/event");
        Assert.Contains(foreign.Status, new[] { 400, 403 });
        Assert.Empty(foreign.All("Set-Cookie")); // the function (which sets cookies on /event) was not called

        var forged = await Curl.RunAsync(emulator.Web, "--request-target", $"http://evil.example:{port}/event", "-H", $"Host: evil.example:{port}");
        Assert.Equal(403, forged.Status);
        Assert.Contains("DNS rebinding", forged.Text);
    }

    [ScriptFact]
    public async Task OPTIONS_star_is_a_400_without_calling_the_function()
    {
        var response = await Curl.RunAsync("-X", "OPTIONS", "--request-target", "*", emulator.Plain);

        Assert.Equal(400, response.Status);
        Assert.Equal("""{"Message":"Bad Request"}""", response.Text); // the function answers anything it does not route with its 404
    }

    [ScriptFact]
    public async Task A_public_URL_answers_403_until_its_policy_has_both_statements()
    {
        await UrlFunction.CreateAsync(emulator.Cli, emulator.Folder, "guarded");
        var url = (await emulator.Cli.LambdaAsync("create-function-url-config", "--function-name", "guarded", "--auth-type", "NONE"))!
            .Value.GetProperty("FunctionUrl").GetString()!;

        var none = await Curl.RunAsync(url + "string");
        Assert.Equal(403, none.Status);
        Assert.Equal("""{"Message":"Forbidden"}""", none.Text);

        await emulator.Cli.LambdaAsync("add-permission", "--function-name", "guarded", "--statement-id", "url",
            "--action", "lambda:InvokeFunctionUrl", "--principal", "*", "--function-url-auth-type", "NONE");
        Assert.Equal(403, (await Curl.RunAsync(url + "string")).Status); // since October 2025: InvokeFunction too

        var invoke = await emulator.Api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/guarded/policy",
            new { StatementId = "invoke", Action = "lambda:InvokeFunction", Principal = "*", InvokedViaFunctionUrl = true });
        await ServiceModel.AssertOutputAsync("AddPermission", invoke);
        Assert.Equal(200, (await Curl.RunAsync(url + "string")).Status);
    }

    [ScriptFact]
    public async Task A_qualified_URL_is_its_own_and_an_unknown_alias_is_not_found()
    {
        var latest = (await emulator.Cli.LambdaAsync("create-function-url-config", "--function-name", "plain", "--qualifier", "$LATEST", "--auth-type", "NONE"))!.Value;
        Assert.EndsWith(":function:plain:$LATEST", latest.GetProperty("FunctionArn").GetString());
        Assert.NotEqual(emulator.Plain, latest.GetProperty("FunctionUrl").GetString());
        Assert.Equal(200, (await Curl.RunAsync(latest.GetProperty("FunctionUrl").GetString()! + "string")).Status);

        var urls = (await emulator.Cli.LambdaAsync("list-function-url-configs", "--function-name", "plain"))!.Value;
        Assert.Equal(2, urls.GetProperty("FunctionUrlConfigs").GetArrayLength());
        var alias = await emulator.Cli.LambdaFailsAsync("get-function-url-config", "--function-name", "plain", "--qualifier", "live");
        Assert.Contains("ResourceNotFoundException", alias);
        Assert.Contains("Create the alias with create-alias", alias);
    }

    [ScriptFact]
    public async Task Deleting_a_URL_or_its_function_closes_its_port()
    {
        var url = await emulator.CreatePublicAsync("shortlived");
        Assert.Equal(200, (await Curl.RunAsync(url + "string")).Status);

        await emulator.Cli.LambdaAsync("delete-function-url-config", "--function-name", "shortlived");
        Assert.NotEqual(0, await CurlExitCodeAsync(url));
        var again = (await emulator.Cli.LambdaAsync("create-function-url-config", "--function-name", "shortlived", "--auth-type", "NONE"))!
            .Value.GetProperty("FunctionUrl").GetString()!;
        Assert.Equal(200, (await Curl.RunAsync(again + "string")).Status);

        await emulator.Cli.LambdaAsync("delete-function", "--function-name", "shortlived");
        Assert.NotEqual(0, await CurlExitCodeAsync(again));
    }

    private static async Task<int> CurlExitCodeAsync(string url)
    {
        using var process = System.Diagnostics.Process.Start("curl", ["-s", "-o", "/dev/null", "--max-time", "5", url])!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
