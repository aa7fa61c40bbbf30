using System.Net;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Security;

/// <summary>
/// What a web page the developer visits can send to the emulator: "simple" cross-origin requests (text/plain POST, no
/// Authorization, any Origin) and, after DNS rebinding, same-origin requests whose Host is the attacker's name. None
/// may change anything or start a process; the AWS CLI v2 keeps working.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LocalEndpointSecurityTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private EmulatorHost _host = null!;
    private HttpClient _raw = null!;
    private HttpClient _signed = null!;

    /// <summary>Every start of a runtime made from <see cref="MarkingCode"/> leaves a file here.</summary>
    private string Marks => _folder.Sub("marks");

    private byte[] MarkingCode => TestZips.Create(
        TestZips.File("bootstrap", $"#!/bin/bash\nprintf %s \"$AWS_LAMBDA_RUNTIME_API\" >'{Marks}/started-'$$\nexec sleep 60\n",
            TestZips.Executable),
        TestZips.File("function.sh", "handler() { :; }\n"));

    private int Port => _host.BaseUrl.Port;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Port = 0,
            MaxConcurrency = 1,
            WorkDirectory = _folder.Sub("work"),
            EchoFunctionLogs = false,
            AllowedHosts = ["my-codespace.example"],
            SandboxWritableFolders = [Marks], // where the sandboxed runtime leaves its mark
        });
        _raw = new HttpClient { BaseAddress = _host.BaseUrl };
        _signed = SignedHttp.Create(_host.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        _signed.Dispose();
        await _host.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(null, null)]
    [InlineData("https://evil.example", null)]
    [InlineData("https://evil.example", "evil.example")]
    [InlineData(null, "evil.example")]
    public async Task A_web_pages_create_function_is_refused_and_nothing_is_created_or_run(string? origin, string? foreignHost)
    {
        var body = JsonSerializer.Serialize(new
        {
            FunctionName = "planted",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/r",
            Handler = "function.handler",
            Code = new { ZipFile = MarkingCode },
        });
        using var create = await SendAsBrowserAsync(HttpMethod.Post, "/2015-03-31/functions", body, origin, foreignHost);
        using var invoke = await SendAsBrowserAsync(HttpMethod.Post, "/2015-03-31/functions/planted/invocations", "{}", origin, foreignHost);

        foreach (var response in new[] { create, invoke })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var (errorType, message) = await ErrorOfAsync(response);
            if (foreignHost is null)
            {
                Assert.Equal("MissingAuthenticationTokenException", errorType);
                Assert.Equal("Missing Authentication Token", message);
            }
            else
            {
                Assert.Equal("AccessDeniedException", errorType);
                Assert.Contains($"Host '{foreignHost}:{Port}' is not this emulator's address", message);
            }
            Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }
        Assert.Null(_host.Functions.Find("planted"));
        Assert.Equal("""{"Functions":[]}""", await _signed.GetStringAsync("/2015-03-31/functions/"));
        Assert.Empty(Directory.GetFiles(Marks));
    }

    [Fact]
    public async Task An_unsigned_invoke_of_an_existing_function_starts_no_process()
    {
        await CreateSignedAsync("existing");

        using var response = await SendAsBrowserAsync(
            HttpMethod.Post, "/2015-03-31/functions/existing/invocations", """{"steal":true}""", "https://evil.example", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", (await ErrorOfAsync(response)).ErrorType);
        await Task.Delay(200); // a runtime that had been started would have marked by now
        Assert.Empty(Directory.GetFiles(Marks));
    }

    [Fact]
    public async Task Unsigned_layer_publishing_and_permissions_are_refused_and_change_nothing()
    {
        var layer = Convert.ToBase64String(TestZips.Create(TestZips.File("bin/tool", "#!/bin/bash\n", TestZips.Executable)));
        using var publish = await SendAsBrowserAsync(HttpMethod.Post, "/2018-10-31/layers/planted/versions",
            $$$"""{"Content":{"ZipFile":"{{{layer}}}"}}""", "https://evil.example", null);
        Assert.Equal("MissingAuthenticationTokenException", (await ErrorOfAsync(publish)).ErrorType);
        Assert.Equal("""{"Layers":[]}""", await _signed.GetStringAsync("/2018-10-31/layers"));

        // A layer of the developer's, which the page tries to make public.
        using var published = await _signed.PostAsync("/2018-10-31/layers/mine/versions",
            new StringContent($$$"""{"Content":{"ZipFile":"{{{layer}}}"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        using var grant = await SendAsBrowserAsync(HttpMethod.Post, "/2018-10-31/layers/mine/versions/1/policy",
            """{"StatementId":"public","Action":"lambda:GetLayerVersion","Principal":"*"}""", "https://evil.example", null);
        Assert.Equal("MissingAuthenticationTokenException", (await ErrorOfAsync(grant)).ErrorType);
        using var policy = await _signed.GetAsync("/2018-10-31/layers/mine/versions/1/policy");
        Assert.Equal(HttpStatusCode.NotFound, policy.StatusCode);
    }

    [Fact]
    public async Task A_cors_preflight_is_never_allowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/2015-03-31/functions");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,x-amz-date");
        using var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(response.Content.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261130/eu-west-1/lambda/aws4_request", true,
        "IncompleteSignatureException", "Authorization header requires 'Signature' parameter.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261130/eu-west-1/lambda/aws4_request, SignedHeaders=host, Signature=00", false,
        "IncompleteSignatureException", "requires existence of either a 'X-Amz-Date' or a 'Date' header")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9", true, "IncompleteSignatureException", "Authorization=Bearer")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261130/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=00", true,
        "InvalidSignatureException", "Credential should be scoped to correct service: 'lambda'.")]
    public async Task A_malformed_signature_is_refused_as_AWS_refuses_it(string authorization, bool withDate, string errorType, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/2015-03-31/functions/");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (withDate)
        {
            request.Headers.Add("X-Amz-Date", "20261130T000000Z");
        }
        using var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = await ErrorOfAsync(response);
        Assert.Equal(errorType, error.ErrorType);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task The_region_still_comes_from_the_credential_scope_and_allowed_hosts_are_served()
    {
        using var signed = SignedHttp.Create(_host.BaseUrl, "ap-northeast-1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/2015-03-31/functions/");
        request.Headers.Host = "my-codespace.example";
        using var forwarded = await signed.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);

        await CreateSignedAsync("regional", signed);
        Assert.Equal("arn:aws:lambda:ap-northeast-1:123456789012:function:regional", _host.Functions.Find("regional")!.FunctionArn);
    }

    [Fact]
    public async Task The_AWS_CLI_v2_works_through_localhost()
    {
        await CreateSignedAsync("cli");
        var cli = new AwsCli($"http://localhost:{Port}", _folder.Path, "us-east-1"); // the region the function was created in

        var listed = await cli.LambdaAsync("list-functions");

        Assert.Equal("cli", listed!.Value.GetProperty("Functions")[0].GetProperty("FunctionName").GetString());
    }

    [Fact]
    public async Task Runtime_API_ports_refuse_browsers_foreign_hosts_and_other_APIs()
    {
        var environment = await StartEnvironmentAsync();
        var runtimeApi = $"http://127.0.0.1:{environment}/2018-06-01/runtime";

        (string Header, string Value)[][] browserLike =
        [
            [("Origin", "https://evil.example")],
            [("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "no-cors")],
            [("Sec-Fetch-Mode", "cors")],
        ];
        foreach (var headers in browserLike)
        {
            foreach (var (method, path) in new[] { (HttpMethod.Get, "/invocation/next"), (HttpMethod.Post, "/invocation/x/response"),
                         (HttpMethod.Post, "/invocation/x/error"), (HttpMethod.Post, "/init/error") })
            {
                using var request = new HttpRequestMessage(method, runtimeApi + path) { Content = method == HttpMethod.Post ? new StringContent("{}") : null };
                foreach (var (name, value) in headers)
                {
                    request.Headers.Add(name, value);
                }
                using var response = await _raw.SendAsync(request);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal("ForbiddenRequest", (await ErrorOfAsync(response)).ErrorType);
            }
        }
        using (var rebound = new HttpRequestMessage(HttpMethod.Get, runtimeApi + "/invocation/next"))
        {
            rebound.Headers.Host = $"evil.example:{environment}";
            using var response = await _raw.SendAsync(rebound);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("ForbiddenHost", (await ErrorOfAsync(response)).ErrorType);
        }
        // The Runtime API port is not a way around the signature: no control plane there.
        using (var create = await _raw.PostAsync($"http://127.0.0.1:{environment}/2015-03-31/functions", new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        }
        Assert.Single(Directory.GetFiles(Marks)); // the one runtime started by the signed invoke below, nothing else
    }

    /// <summary>A signed invoke starts one runtime (which never asks for its event); returns its Runtime API port.</summary>
    private async Task<int> StartEnvironmentAsync()
    {
        await CreateSignedAsync("waiting");
        _ = _signed.PostAsync("/2015-03-31/functions/waiting/invocations", new StringContent("{}"));
        for (var i = 0; i < 100 && Directory.GetFiles(Marks).Length == 0; i++)
        {
            await Task.Delay(50);
        }
        var started = Assert.Single(Directory.GetFiles(Marks));
        var api = await File.ReadAllTextAsync(started); // the runtime's AWS_LAMBDA_RUNTIME_API, 127.0.0.1:PORT
        for (var i = 0; i < 100 && api.Length == 0; i++)
        {
            await Task.Delay(50);
            api = await File.ReadAllTextAsync(started);
        }
        return int.Parse(api[(api.IndexOf(':') + 1)..]);
    }

    private async Task CreateSignedAsync(string name, HttpClient? client = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            FunctionName = name,
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/r",
            Handler = "function.handler",
            Code = new { ZipFile = MarkingCode },
        });
        using var response = await (client ?? _signed).PostAsync("/2015-03-31/functions", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A request as fetch() sends it without a preflight: text/plain, no Authorization, maybe an Origin.</summary>
    private Task<HttpResponseMessage> SendAsBrowserAsync(HttpMethod method, string path, string body, string? origin, string? foreignHost)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Sec-Fetch-Site", "cross-site");
            request.Headers.Add("Sec-Fetch-Mode", "no-cors");
        }
        if (foreignHost is not null)
        {
            request.Headers.Host = $"{foreignHost}:{Port}";
        }
        return _raw.SendAsync(request);
    }

    private static async Task<(string ErrorType, string Message)> ErrorOfAsync(HttpResponseMessage response)
    {
        var errorType = response.Headers.TryGetValues("X-Amzn-ErrorType", out var types) ? types.Single() : null;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var message = root.TryGetProperty("message", out var m) ? m.GetString()
            : root.TryGetProperty("Message", out var big) ? big.GetString()
            : root.GetProperty("errorMessage").GetString();
        return (errorType ?? root.GetProperty("errorType").GetString()!, message!);
    }
}
