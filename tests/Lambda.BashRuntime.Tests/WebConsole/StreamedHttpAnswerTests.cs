using System.Net;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// A streamed answer of the HTTP integration (Content-Type application/vnd.awslambda.http-integration-response: a JSON
/// prelude, 8 NUL bytes, the body) in Debian's chromium: the Result pane shows the prelude's status and headers, then
/// the body as it streams, never the NUL bytes; and the "AWS CLI command" box of a streamed entry says the CLI cannot
/// stream it and gives the function's RESPONSE_STREAM URL with curl -N.
/// </summary>
public sealed class StreamedHttpAnswerTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private ConsoleSession _session = null!;

    public async Task InitializeAsync() => _session = await ConsoleSession.StartAsync();

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task The_prelude_is_shown_decoded_before_the_body_as_it_streams_and_the_CLI_box_offers_curl_N_for_the_URL()
    {
        var gate = Path.Combine(_session.ProjectDirectory, "gate");
        await using var browser = await chromium.NewPageAsync(1024, 768);
        var page = browser.Page;
        await ConsolePages.OpenAsync(page, _session);
        _session.CreateFunction("Sse", StreamingFunction.Zip(gate, httpIntegration: true));
        var api = new LambdaApi(SignedHttp.Create(_session.Host.BaseUrl));
        Assert.Equal(HttpStatusCode.Created,
            (await api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/Sse/url", new { AuthType = "NONE", InvokeMode = "RESPONSE_STREAM" })).StatusCode);
        await Expect(page.Locator("#function option[value=Sse]")).ToHaveCountAsync(1);
        await page.Locator("#function").SelectOptionAsync("Sse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invoke", Exact = true }).ClickAsync();

        // The first chunk held the prelude and the body's start; the function waits for the gate before its last.
        const string head = "[The status and headers the function streamed first (HTTP integration prelude), then the body:]\n"
            + "HTTP 201\nContent-Type: text/event-stream\nX-Stream-Kind: sse\nSet-Cookie: seen=1\n\n";
        await Expect(page.Locator("#response")).ToHaveTextAsync(head + StreamingFunction.First, new() { Timeout = 20_000 });
        Assert.False(File.Exists(gate));
        File.WriteAllText(gate, "");

        await Expect(page.Locator("#result-status")).ToContainTextAsync("Succeeded: Sse");
        await Expect(page.Locator("#response")).ToHaveTextAsync(head + StreamingFunction.First + StreamingFunction.Last);
        Assert.DoesNotContain('\0', await page.Locator("#response").TextContentAsync() ?? ""); // the page has decoded it
        var entry = _session.Host.Services.GetRequiredService<InvokeHistory>().List()[0];
        Assert.Equal(("application/vnd.awslambda.http-integration-response", true), (entry.ResponseContentType, entry.Response.Contains(new string('\0', 8))));

        // Shown again from the history: decoded the same way.
        await page.Locator("#history tbody tr").Nth(0).GetByRole(AriaRole.Button, new() { Name = "Show the invoke of Sse", Exact = false }).ClickAsync();
        await Expect(page.Locator("#response")).ToHaveTextAsync(head + StreamingFunction.First + StreamingFunction.Last);

        await page.Locator("#cli-heading").ClickAsync();
        await Expect(page.Locator("#cli-stream-note")).ToContainTextAsync("The AWS CLI has no invoke-with-response-stream command");
        var url = _session.Host.Services.GetRequiredService<Lambda.BashRuntime.Emulator.Functions.FunctionService>()
            .List().Single(f => f.FunctionName == "Sse").Urls[""].Url;
        await Expect(page.Locator("#cli-curl")).ToHaveTextAsync($"curl -N -H 'Content-Type: application/json' --data-binary '{{}}' '{url}'");
        await Expect(page.Locator("#cli-aws")).ToHaveTextAsync("aws lambda invoke --function-name 'Sse' --invocation-type RequestResponse"
            + " --cli-binary-format raw-in-base64-out --payload '{}' response.json");
        await ConsolePages.CheckPageAsync(browser, "streamed-http-answer");
    }

    [Fact]
    public async Task In_Japanese_the_CLI_box_of_a_streamed_entry_without_a_URL_says_the_CLI_cannot_stream_it()
    {
        var gate = Path.Combine(_session.ProjectDirectory, "gate");
        File.WriteAllText(gate, ""); // no wait: this test reads the box, not the stream
        await using var browser = await chromium.NewPageAsync(1920, 1080, locale: "ja-JP");
        var page = browser.Page;
        await ConsolePages.OpenAsync(page, _session);
        _session.CreateFunction("Streamer", StreamingFunction.Zip(gate));
        await Expect(page.Locator("#function option[value=Streamer]")).ToHaveCountAsync(1);
        await page.Locator("#function").SelectOptionAsync("Streamer");
        await page.GetByRole(AriaRole.Button, new() { Name = "呼び出す" }).ClickAsync();
        await Expect(page.Locator("#result-status")).ToContainTextAsync("成功: Streamer", new() { Timeout = 20_000 });
        await Expect(page.Locator("#response")).ToHaveTextAsync(StreamingFunction.First + StreamingFunction.Last);
        await page.Locator("#cli-heading").ClickAsync();
        await Expect(page.Locator("#cli-stream-note")).ToHaveTextAsync(
            "AWS CLI には invoke-with-response-stream のコマンドがありません（イベントストリームの出力に対応していません）。"
            + "上のコマンドはこの呼び出しをバッファして実行し、応答全体を一度に受け取ります。");
        await Expect(page.Locator("#cli-curl")).ToBeHiddenAsync();
        await ConsolePages.CheckPageAsync(browser, "streamed-cli-japanese");
    }
}
