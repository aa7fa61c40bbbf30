using System.Net;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// The console's history in Debian's chromium: where each invoke came from, its request and its error, a re-run, the
/// filter per function and the charts of Duration, Init Duration and Max Memory Used; and a streamed answer shown as
/// it arrives. Each page is checked as every console page is (axe, no browser error, no text under 14 px, a screenshot).
/// </summary>
public sealed class ConsoleHistoryBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private ConsoleSession _session = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _session = await ConsoleSession.StartAsync();
        _api = SignedHttp.Create(_session.Host.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _session.DisposeAsync();
    }

    [Fact]
    public async Task Each_entry_names_its_source_shows_its_request_and_error_and_is_re_run_filtered_and_charted()
    {
        await using var browser = await chromium.NewPageAsync(1920, 1080);
        var page = browser.Page;
        await ConsolePages.OpenAsync(page, _session);
        await ConsolePages.InvokeHelloAsync(page);
        await InvokeThroughApiAsync(ConsoleSession.FunctionName, """{"from":"cli"}""");

        var rows = page.Locator("#history tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).Locator("td").Nth(2)).ToHaveTextAsync("CLI/SDK (Invoke)");
        await Expect(rows.Nth(1).Locator("td").Nth(2)).ToHaveTextAsync("Console");

        // The CLI's entry shows the event it was sent, and runs again from the console as it was.
        await rows.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Show the invoke" }).ClickAsync();
        await Expect(page.Locator("#request")).ToHaveTextAsync("{\n  \"from\": \"cli\"\n}");
        await Expect(page.Locator("#result-source")).ToHaveTextAsync("Source: CLI/SDK (Invoke). Version: $LATEST.");
        await rows.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Re-run the invoke" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page.Locator("#response")).ToHaveTextAsync("Echoing request: '{\"from\":\"cli\"}'");
        await Expect(rows.Nth(0).Locator("td").Nth(2)).ToHaveTextAsync("Console");
        var history = _session.Host.Services.GetRequiredService<InvokeHistory>().List();
        Assert.Equal(history[1].Request, history[0].Request); // the same event, byte for byte
        Assert.Equal((InvokeSource.ConsoleKind, "RequestResponse", ConsoleSession.FunctionName),
            (history[0].Source!.Kind, history[0].InvocationType, history[0].FunctionName));

        // A failure names its errorType and errorMessage in the list, not only "Failed".
        _session.UpdateFunctionScript("handler() {\n  return 3\n}\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invoke", Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.Nth(0).Locator(".error-detail")).ToHaveTextAsync(
            new Regex("^HandlerError: handler in function.sh exited with status 3"));

        // Another function's invoke, then the filter: HelloBash's rows only, and its four invokes charted.
        _session.CreateFunction("OtherFunction");
        await InvokeThroughApiAsync("OtherFunction", "{}");
        await Expect(rows).ToHaveCountAsync(5);
        await page.GetByLabel("Show the invokes of").SelectOptionAsync(ConsoleSession.FunctionName);
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(page.GetByRole(AriaRole.Img)).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Duration of the last 4 invokes of HelloBash", Exact = true })).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-durationMs circle")).ToHaveCountAsync(4);
        await Expect(page.Locator("#chart-durationMs circle.failed")).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-initDurationMs circle")).ToHaveCountAsync(2); // the two cold starts: first, and after the update
        await Expect(page.Locator("#chart-maxMemoryUsedMb circle")).ToHaveCountAsync(4);
        await Expect(page.Locator("#chart-durationMs")).ToHaveAccessibleDescriptionAsync(
            new Regex(@"^4 of 4 invokes have this figure: from [0-9.]+ ms to [0-9.]+ ms, the latest [0-9.]+ ms\."));

        // The charts' text alternative: every figure of every invoke shown, oldest first.
        await page.GetByText("The figures as a table").ClickAsync();
        var figures = page.Locator("#figures-table tbody tr");
        await Expect(figures).ToHaveCountAsync(4);
        await Expect(figures.Nth(0).Locator("td").Nth(2)).ToHaveTextAsync(new Regex(@"^[0-9]+\.[0-9]{2} ms$"));
        await Expect(figures.Nth(0).Locator("td").Nth(3)).ToHaveTextAsync(new Regex(@"^[0-9]+\.[0-9]{2} ms$"));
        await Expect(figures.Nth(1).Locator("td").Nth(3)).ToHaveTextAsync("–"); // warm
        await Expect(figures.Nth(3).Locator("td").Nth(4)).ToHaveTextAsync(new Regex("^[0-9]+ MB$"));
        await ConsolePages.CheckPageAsync(browser, "history");
        await browser.ScreenshotAsync("history-section", page.Locator("section").Filter(new() { Has = page.Locator("#history") }));
    }

    [Fact]
    public async Task Keyboard_alone_filters_the_history_and_re_runs_an_Event_entry_in_Japanese()
    {
        await using var browser = await chromium.NewPageAsync(1024, 768, locale: "ja-JP");
        var page = browser.Page;
        await ConsolePages.OpenAsync(page, _session);
        await InvokeThroughApiAsync(ConsoleSession.FunctionName, """{"queued":true}""", "Event");
        var rows = page.Locator("#history tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Nth(0).Locator("td").Nth(2)).ToHaveTextAsync("Event（1 回目の試行）");

        await page.Locator("#history-function").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown"); // from "すべての関数" to HelloBash
        await Expect(page.Locator("#history-function")).ToHaveValueAsync(ConsoleSession.FunctionName);
        await page.Keyboard.PressAsync("Tab"); // the table's scrolling region
        await page.Keyboard.PressAsync("Tab"); // 表示
        await page.Keyboard.PressAsync("Tab"); // 再実行
        Assert.Equal("rerun", await page.EvaluateAsync<string>("() => document.activeElement.dataset.action"));
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#result-status")).ToContainTextAsync("Event として受け付けました");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).Locator("td").Nth(3)).ToHaveTextAsync("Event"); // queued again, not run synchronously
        var history = _session.Host.Services.GetRequiredService<InvokeHistory>().List();
        Assert.Equal("""{"queued":true}""", history[0].Request);
        // The keyboard's place survives the live re-render of the list.
        Assert.Equal("rerun", await page.EvaluateAsync<string>("() => document.activeElement.dataset.action"));
        await page.GetByText("数値を表で見る").ClickAsync();
        await Expect(page.Locator("#figures-table caption")).ToHaveTextAsync("各呼び出しの実行時間・初期化時間・最大メモリ使用量（古い順）");
        await ConsolePages.CheckPageAsync(browser, "history-keyboard-japanese");
    }

    [Fact]
    public async Task A_streamed_answer_shows_its_first_chunk_before_the_function_writes_the_last_and_the_history_keeps_it()
    {
        var gate = Path.Combine(_session.ProjectDirectory, "gate");
        await using var browser = await chromium.NewPageAsync(1024, 768);
        var page = browser.Page;
        await ConsolePages.OpenAsync(page, _session);
        _session.CreateFunction("Streamer", StreamingFunction.Zip(gate));
        await Expect(page.Locator("#function option[value=Streamer]")).ToHaveCountAsync(1);
        await page.Locator("#function").SelectOptionAsync("Streamer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invoke", Exact = true }).ClickAsync();

        // The function waits for the gate after its first chunk: seeing it now shows the page reads the answer as it comes.
        await Expect(page.Locator("#response")).ToContainTextAsync(StreamingFunction.First.Trim(), new() { Timeout = 20_000 });
        await Expect(page.Locator("#result-status")).ToHaveTextAsync("Receiving the answer of Streamer as it streams…");
        Assert.DoesNotContain(StreamingFunction.Last, await page.Locator("#response").TextContentAsync() ?? "");
        Assert.False(File.Exists(gate));
        await browser.ScreenshotAsync("streaming-first-chunk");
        File.WriteAllText(gate, "");

        await Expect(page.Locator("#response")).ToHaveTextAsync(StreamingFunction.First + StreamingFunction.Last);
        await Expect(page.Locator("#result-status")).ToContainTextAsync("Succeeded: Streamer");
        await Expect(page.Locator("#log")).ToContainTextAsync("REPORT RequestId:");
        await Expect(page.Locator("#history tbody tr").Nth(0).Locator("td").Nth(3)).ToHaveTextAsync("RequestResponse, streamed");
        var entry = _session.Host.Services.GetRequiredService<InvokeHistory>().List()[0];
        Assert.Equal((StreamingFunction.First + StreamingFunction.Last, true, InvokeSource.ConsoleKind),
            (entry.Response, entry.Streamed, entry.Source!.Kind));
        await ConsolePages.CheckPageAsync(browser, "streamed-answer");
    }

    [Fact]
    public async Task A_stream_that_breaks_after_its_first_chunk_shows_the_chunk_and_then_the_error_in_Japanese()
    {
        var gate = Path.Combine(_session.ProjectDirectory, "gate");
        await using var browser = await chromium.NewPageAsync(1920, 1080, locale: "ja-JP");
        var page = browser.Page;
        await ConsolePages.OpenAsync(page, _session);
        _session.CreateFunction("Breaker", StreamingFunction.Zip(gate, breaks: true));
        await Expect(page.Locator("#function option[value=Breaker]")).ToHaveCountAsync(1);
        await page.Locator("#function").SelectOptionAsync("Breaker");
        await page.GetByRole(AriaRole.Button, new() { Name = "呼び出す" }).ClickAsync();

        await Expect(page.Locator("#response")).ToContainTextAsync(StreamingFunction.First.Trim(), new() { Timeout = 20_000 });
        await Expect(page.Locator("#result-status")).ToHaveTextAsync("Breaker の応答をストリーミングで受信しています…");
        File.WriteAllText(gate, "");

        await Expect(page.Locator("#result-status")).ToContainTextAsync("失敗 (Unhandled: StreamBroke: the source went away)");
        await Expect(page.Locator("#response")).ToHaveTextAsync(StreamingFunction.First.Trim()); // what came before the break
        var row = page.Locator("#history tbody tr").Nth(0);
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("RequestResponse（ストリーミング）");
        await Expect(row.Locator(".error-detail")).ToHaveTextAsync("StreamBroke: the source went away");
        await ConsolePages.CheckPageAsync(browser, "streamed-error-japanese");
    }

    private async Task InvokeThroughApiAsync(string function, string payload, string invocationType = "RequestResponse")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2015-03-31/functions/{function}/invocations")
        {
            Content = new StringContent(payload),
        };
        request.Headers.Add("X-Amz-Invocation-Type", invocationType);
        using var response = await _api.SendAsync(request);
        Assert.Equal(invocationType == "Event" ? HttpStatusCode.Accepted : HttpStatusCode.OK, response.StatusCode);
    }
}
