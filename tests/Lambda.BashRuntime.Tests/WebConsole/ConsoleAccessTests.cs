using System.Net;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// The console's rules at the HTTP level, whatever a browser would do: the API needs the cookie that only the printed
/// token gives, refuses other origins and sites and forged Hosts, answers no CORS, and is not there without the console.
/// </summary>
public sealed class ConsoleAccessTests : IAsyncLifetime
{
    private ConsoleSession _session = null!;

    public async Task InitializeAsync() => _session = await ConsoleSession.StartAsync();

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task The_token_is_traded_for_a_strict_http_only_cookie_and_a_redirect_without_it()
    {
        using var http = Client(out _);
        using var response = await http.GetAsync(_session.ConsoleUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ConsoleSession.Token, cookie, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_refuses_requests_without_the_cookie_from_another_origin_or_site_or_host()
    {
        using var stranger = Client(out _);
        using var withCookie = Client(out _);
        using (await withCookie.GetAsync(_session.ConsoleUrl))
        {
        }
        var wrongToken = await stranger.GetAsync(_session.Origin + "/console/?token=not-the-token-0123456789");
        var noCookie = await stranger.GetAsync("/console/api/functions");
        var foreignOrigin = await SendAsync(withCookie, HttpMethod.Get, "functions", ("Origin", "http://evil.example"));
        var otherSite = await SendAsync(withCookie, HttpMethod.Get, "functions", ("Sec-Fetch-Site", "cross-site"));
        var foreignHost = await SendAsync(withCookie, HttpMethod.Get, "functions", ("Host", "evil.example:" + _session.Host.BaseUrl.Port));
        var textPlainPost = await SendAsync(withCookie, HttpMethod.Post, "invoke", ("Origin", _session.Origin));
        var preflight = await SendAsync(withCookie, HttpMethod.Options, "invoke", ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "POST"));
        var allowed = await SendAsync(withCookie, HttpMethod.Get, "functions");

        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.False(wrongToken.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, noCookie.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherSite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignHost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, textPlainPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, preflight.StatusCode);
        Assert.DoesNotContain(preflight.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("\"name\":\"HelloBash\"", await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_session.Host.Services.GetRequiredService<InvokeHistory>().List()); // nothing ran
    }

    [Fact]
    public async Task The_api_refuses_the_cookie_replayed_from_a_function_URLs_origin_or_an_https_look_alike()
    {
        // A function URL serves pages on 127.0.0.1 too, on another port: a cookie it got hold of comes with its origin.
        using var withCookie = Client(out _);
        using (await withCookie.GetAsync(_session.ConsoleUrl))
        {
        }
        var port = _session.Host.BaseUrl.Port;
        var urlPort = port == 65535 ? port - 1 : port + 1;

        var otherPort = await SendJsonAsync(withCookie, "invoke", $"http://127.0.0.1:{urlPort}");
        var history = await SendAsync(withCookie, HttpMethod.Get, "history", ("Origin", $"http://127.0.0.1:{urlPort}"));
        var https = await SendJsonAsync(withCookie, "invoke", $"https://127.0.0.1:{port}");
        var noPort = await SendAsync(withCookie, HttpMethod.Get, "history", ("Origin", "http://127.0.0.1"));
        var own = await SendAsync(withCookie, HttpMethod.Get, "history", ("Origin", _session.Origin));

        Assert.Equal(HttpStatusCode.Forbidden, otherPort.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, history.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, https.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Empty(_session.Host.Services.GetRequiredService<InvokeHistory>().List()); // nothing ran
    }

    [Fact]
    public async Task The_streaming_invoke_is_guarded_as_every_console_route_and_answers_the_functions_bytes_to_the_page()
    {
        using var stranger = Client(out _);
        using var withCookie = Client(out _);
        using (await withCookie.GetAsync(_session.ConsoleUrl))
        {
        }
        var port = _session.Host.BaseUrl.Port;
        var noCookie = await SendJsonAsync(stranger, "invoke-stream", _session.Origin);
        var textPlain = await SendAsync(withCookie, HttpMethod.Post, "invoke-stream", ("Origin", _session.Origin));
        var otherPort = await SendJsonAsync(withCookie, "invoke-stream", $"http://127.0.0.1:{(port == 65535 ? port - 1 : port + 1)}");
        Assert.Equal(HttpStatusCode.Unauthorized, noCookie.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, textPlain.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPort.StatusCode);
        Assert.Empty(_session.Host.Services.GetRequiredService<InvokeHistory>().List()); // nothing ran

        var own = await SendJsonAsync(withCookie, "invoke-stream", _session.Origin);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("application/octet-stream", own.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", own.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("Echoing request: '{}'", await own.Content.ReadAsStringAsync());
        var entry = Assert.Single(_session.Host.Services.GetRequiredService<InvokeHistory>().List());
        Assert.Equal(own.Headers.GetValues("X-Amzn-RequestId").Single(), entry.RequestId);
        Assert.Equal(Lambda.BashRuntime.Emulator.Environments.InvokeSource.Console, entry.Source);
    }

    [Fact]
    public async Task An_event_that_links_out_of_the_events_folder_is_refused_and_one_inside_is_served()
    {
        var events = _session.Host.Options.WebConsole!.EventsDirectory!;
        var outside = Path.Combine(Path.GetDirectoryName(events)!, "credentials");
        File.WriteAllText(outside, """{"aws_secret_access_key":"do-not-serve"}""");
        File.CreateSymbolicLink(Path.Combine(events, "creds.json"), outside);
        File.CreateSymbolicLink(Path.Combine(events, "again.json"), Path.Combine(events, "hello.json"));
        using var withCookie = Client(out _);
        using (await withCookie.GetAsync(_session.ConsoleUrl))
        {
        }

        var creds = await SendAsync(withCookie, HttpMethod.Get, "events/creds.json");
        var again = await SendAsync(withCookie, HttpMethod.Get, "events/again.json");

        Assert.Equal(HttpStatusCode.Forbidden, creds.StatusCode);
        var body = await creds.Content.ReadAsStringAsync();
        Assert.DoesNotContain("do-not-serve", body, StringComparison.Ordinal);
        Assert.Contains("events/creds.json is a symbolic link to a file outside the project's events folder",
            System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Hello", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_console_its_paths_belong_to_the_signed_AWS_API()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.Host.BaseUrl };

        using var response = await http.GetAsync("/console/?token=" + ConsoleSession.Token);

        Assert.Null(emulator.Host.ConsoleUrl);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    private HttpClient Client(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = _session.Host.BaseUrl,
        };
    }

    /// <summary>A POST as the console's page sends it (JSON, with an Origin), here with <paramref name="origin"/>.</summary>
    private static Task<HttpResponseMessage> SendJsonAsync(HttpClient http, string api, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/console/api/" + api)
        {
            Content = new StringContent("""{"functionName":"HelloBash","payload":"{}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string api, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, "/console/api/" + api);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("""{"functionName":"HelloBash","payload":"{}"}"""); // text/plain: a "simple" request
        }
        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return http.SendAsync(request);
    }
}
