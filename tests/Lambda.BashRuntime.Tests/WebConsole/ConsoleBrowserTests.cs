using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.WebConsole;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// The web console in a real browser (Debian's chromium, headless), as a student uses it after `dotnet run`: open the
/// printed URL, pick events/hello.json, invoke, read the answer and the log; break the function; reload and find the
/// history. Every page is checked by axe, must log no error and shows no text under 14 px; each test leaves a
/// screenshot in artifacts/console-screenshots.
/// </summary>
public sealed class ConsoleBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private ConsoleSession _session = null!;

    public async Task InitializeAsync() => _session = await ConsoleSession.StartAsync();

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task Invoking_events_hello_json_shows_the_tutorials_answer_and_the_REPORT_line()
    {
        await using var browser = await chromium.NewPageAsync(1024, 768);
        var page = browser.Page;

        await OpenAsync(page);
        await InvokeHelloAsync(page);

        await Expect(page.Locator("#log")).ToContainTextAsync(new Regex(@"START RequestId: [0-9a-f-]{36} Version: \$LATEST"));
        await Expect(page.Locator("#log")).ToContainTextAsync("""{"text":"Hello"}"""); // what function.sh logs
        await Expect(page.Locator("#report-duration")).ToHaveTextAsync(new Regex(@"^[0-9.]+ ms$"));
        await Expect(page.Locator("#report-init")).ToHaveTextAsync(new Regex(@"^[0-9.]+ ms$")); // a cold start
        await Expect(page.Locator("#report-memory")).ToHaveTextAsync(new Regex(@"^[0-9]+ MB$"));
        await Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#functions tbody tr td").Nth(7)).ToHaveTextAsync("1"); // one warm environment now
        await page.GetByText("This invoke as an AWS CLI command").ClickAsync();
        await Expect(page.Locator("#cli-local")).ToHaveTextAsync(
            $"aws lambda invoke --endpoint-url {_session.Origin} --function-name 'HelloBash' --invocation-type RequestResponse"
            + " --cli-binary-format raw-in-base64-out --payload '{\"text\":\"Hello\"}' response.json");
        await Expect(page.Locator("#cli-aws")).ToHaveTextAsync(new Regex("^aws lambda invoke --function-name 'HelloBash' "));
        await CheckPageAsync(browser, "invoke-hello");
    }

    [Fact]
    public async Task A_broken_function_shows_its_error_and_log_and_the_history_survives_a_reload()
    {
        await using var browser = await chromium.NewPageAsync(1920, 1080);
        var page = browser.Page;
        await OpenAsync(page);
        await InvokeHelloAsync(page);
        await Expect(page.Locator("#functions tbody tr td").Nth(7)).ToHaveTextAsync("1");

        // A handler that fails, uploaded as `dotnet build` + the reload would: the page sees the new revision live
        // (its warm environment is of the old code, so none is warm any more).
        _session.UpdateFunctionScript("""
            handler() {
              printf 'about to fail\n' >&2
              return 1
            }
            """);
        await Expect(page.Locator("#functions tbody tr td").Nth(7)).ToHaveTextAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invoke", Exact = true }).ClickAsync();

        await Expect(page.Locator("#result-status")).ToContainTextAsync(
            "Failed (Unhandled: HandlerError: handler in function.sh exited with status 1");
        await Expect(page.Locator("#response")).ToContainTextAsync("\"errorType\": \"HandlerError\"");
        await Expect(page.Locator("#log")).ToContainTextAsync("about to fail");
        await Expect(page.Locator("#log")).ToContainTextAsync("REPORT RequestId:");

        await page.ReloadAsync();
        var rows = page.Locator("#history tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("Failed");
        await Expect(rows.Nth(1)).ToContainTextAsync("Succeeded");
        await rows.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Show the invoke" }).ClickAsync();
        await Expect(page.Locator("#response")).ToHaveTextAsync("Echoing request: '{\"text\":\"Hello\"}'");
        await CheckPageAsync(browser, "broken-function-and-history");
    }

    [Fact]
    public async Task A_traced_failing_handler_shows_each_line_it_ran_the_failing_command_and_its_variables()
    {
        await using var browser = await chromium.NewPageAsync(1920, 1080);
        var page = browser.Page;
        await OpenAsync(page);
        _session.UpdateFunctionScript("""
            handler() {
              local event="$1" attempts=0
              attempts=$((attempts + 1))
              STAGE="parsing"
              grep -q '"text"' <<<"$event"
              printf 'done\n'
            }
            """);
        await page.GetByLabel("Event (JSON)").FillAsync("""{"other":1}""");
        await page.GetByLabel("Trace the handler line by line (set -x)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Invoke", Exact = true }).ClickAsync();

        await Expect(page.Locator("#result-status")).ToContainTextAsync("Failed (Unhandled: HandlerError: ");
        await Expect(page.Locator("#trace-summary")).ToContainTextAsync("exited with status 1");
        var failed = page.Locator("#trace-steps li.trace-failed");
        await Expect(failed).ToHaveCountAsync(1);
        await Expect(failed).ToContainTextAsync("function.sh:5");
        await Expect(failed).ToContainTextAsync("grep -q");
        await Expect(page.Locator("#trace-steps li")).ToHaveCountAsync(4); // printf never ran
        await Expect(page.Locator("#source-heading")).ToHaveTextAsync("function.sh");
        await Expect(page.Locator("#trace-source li.current")).ToContainTextAsync("grep -q"); // the failing line, shown
        await page.Locator("#trace-steps button").Nth(1).ClickAsync();
        await Expect(page.Locator("#trace-source li.current")).ToContainTextAsync("attempts=$((attempts + 1))");
        await page.GetByText("Variables when the handler ended (set or changed by it)").ClickAsync();
        await Expect(page.Locator("#trace-variables-text")).ToContainTextAsync("declare -- STAGE=\"parsing\"");
        await Expect(page.Locator("#trace-variables-text")).ToContainTextAsync("declare -- attempts=\"1\""); // a local, at the failure
        await Expect(page.Locator("#log")).Not.ToContainTextAsync("+(function.sh"); // the trace has its own channel
        await CheckPageAsync(browser, "traced-failure");
    }

    [Fact]
    public async Task The_projects_function_is_preselected_and_a_dark_system_gets_a_dark_page_that_passes_axe()
    {
        await using var browser = await chromium.NewPageAsync(1024, 768, colorScheme: ColorScheme.Dark);
        var page = browser.Page;
        _session.CreateFunction("AardvarkFunction"); // first by name, but not the project's
        await page.GotoAsync(_session.ConsoleUrl);
        await Expect(page.Locator("#functions tbody tr")).ToHaveCountAsync(2, new() { Timeout = 10_000 });

        await Expect(page.Locator("#function")).ToHaveValueAsync(ConsoleSession.FunctionName);
        var background = await page.EvalOnSelectorAsync<string>("html", "e => getComputedStyle(e).backgroundColor");
        Assert.Equal("rgb(22, 24, 28)", background);
        await InvokeHelloAsync(page);
        await Expect(page.Locator("#report-billed")).ToHaveTextAsync(new Regex(@"^[0-9]+ ms$"));
        await CheckPageAsync(browser, "dark");
        await browser.ScreenshotAsync("dark-history", page.Locator("section").Filter(new() { Has = page.Locator("#history") }));
    }

    [Fact]
    public async Task An_event_from_a_sample_is_saved_listed_live_replaced_only_when_confirmed_and_there_after_a_restart()
    {
        await using (var browser = await chromium.NewPageAsync(1024, 768, locale: "ja-JP"))
        {
            var page = browser.Page;
            await OpenAsync(page);
            await page.GetByLabel("サンプルから新規作成 (generate-event)").SelectOptionAsync("sqs");
            await Expect(page.Locator("#payload")).ToHaveValueAsync(new Regex("\"eventSource\": ?\"aws:sqs\""));
            await Expect(page.Locator("#event-name")).ToHaveValueAsync("sqs");
            await page.GetByLabel("イベントを events/NAME.json として保存").FillAsync("my-queue");
            await page.GetByRole(AriaRole.Button, new() { Name = "イベントを保存" }).ClickAsync();
            await Expect(page.Locator("#save-status")).ToHaveTextAsync("events/my-queue.json として保存しました。");
            await Expect(page.Locator("#event-file")).ToHaveValueAsync("my-queue.json");

            // A file made outside the page (an editor, generate-event) is listed without a reload.
            File.WriteAllText(Path.Combine(_session.Host.Options.WebConsole!.EventsDirectory!, "from-editor.json"), "{}");
            await Expect(page.Locator("#event-file option[value='from-editor.json']")).ToHaveCountAsync(1);

            // Saving over it asks first; declined, the file stays as it was.
            await page.Locator("#payload").FillAsync("""{"replaced":true}""");
            page.Dialog += async (_, dialog) => await dialog.DismissAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "イベントを保存" }).ClickAsync();
            await Expect(page.Locator("#save-status")).ToHaveTextAsync("events/my-queue.json はそのままにしました。");
            Assert.Contains("aws:sqs", File.ReadAllText(Path.Combine(_session.Host.Options.WebConsole!.EventsDirectory!, "my-queue.json")));
            await CheckPageAsync(browser, "saved-event-japanese");
        }

        _session = await _session.RestartAsync();
        await using (var browser = await chromium.NewPageAsync(1920, 1080))
        {
            var page = browser.Page;
            await OpenAsync(page);
            await page.GetByLabel("Event file (events/*.json)").SelectOptionAsync("my-queue.json");
            await Expect(page.Locator("#payload")).ToHaveValueAsync(new Regex("aws:sqs"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Invoke", Exact = true }).ClickAsync();
            await Expect(page.Locator("#response")).ToContainTextAsync("aws:sqs");
            await CheckPageAsync(browser, "saved-event-after-restart");
        }
    }

    [Fact]
    public async Task Keyboard_alone_picks_the_event_and_invokes_with_a_visible_focus()
    {
        await using var browser = await chromium.NewPageAsync(1024, 768);
        var page = browser.Page;
        await OpenAsync(page);

        await page.Locator("#function").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("event-file", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("ArrowDown"); // the first file after "(type an event below)": hello.json
        await Expect(page.Locator("#payload")).ToHaveValueAsync("""{"text":"Hello"}""");
        await page.Keyboard.PressAsync("Tab"); // new from sample
        await page.Keyboard.PressAsync("Tab"); // the editor
        await page.Keyboard.PressAsync("Tab"); // the name to save it as
        await page.Keyboard.PressAsync("Tab"); // Save event
        Assert.Equal("save-button", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("Tab"); // the invocation type (one stop for the radio group)
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("trace", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("Space"); // trace this invoke
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("invoke-button", await ActiveIdAsync(page));
        var outline = await page.EvalOnSelectorAsync<string>("#invoke-button", "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth");
        Assert.Equal("solid 3px", outline);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#response")).ToHaveTextAsync("Echoing request: '{\"text\":\"Hello\"}'");
        await Expect(page.Locator("#trace-steps li")).ToHaveCountAsync(3); // local, and the two printf of function.sh
        await page.Locator("#trace-steps button").Nth(0).FocusAsync();
        await page.Keyboard.PressAsync("Enter"); // the line it ran, shown in function.sh
        await Expect(page.Locator("#trace-source li.current")).ToContainTextAsync("local event=\"$1\"");
        await CheckPageAsync(browser, "keyboard");
    }

    [Fact]
    public async Task A_new_function_and_an_Event_invoke_appear_live_in_Japanese()
    {
        await using var browser = await chromium.NewPageAsync(1920, 1080, locale: "ja-JP");
        var page = browser.Page;
        await OpenAsync(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync("ローカル Lambda コンソール");
        Assert.Equal("ja", await page.EvalOnSelectorAsync<string>("html", "e => e.lang"));

        _session.CreateFunction("SecondFunction");
        await Expect(page.Locator("#function option[value=SecondFunction]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#functions tbody tr")).ToHaveCountAsync(2);

        await page.GetByLabel("Event（キューに入れる。結果は履歴に表示）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "呼び出す" }).ClickAsync();
        await Expect(page.Locator("#result-status")).ToContainTextAsync("Event として受け付けました");
        await Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(1); // arrives by the live feed
        await Expect(page.Locator("#history tbody tr").First).ToContainTextAsync("Event");
        await Expect(page.Locator("#history tbody tr").First).ToContainTextAsync("成功");
        await CheckPageAsync(browser, "live-japanese");
    }

    [Fact]
    public async Task Without_the_token_or_from_another_site_the_console_refuses_and_nothing_runs()
    {
        await using var browser = await chromium.NewPageAsync(1024, 768);
        var page = browser.Page;

        // The bare URL (no token, no cookie): the page says what to open instead; its API answered 401.
        await page.GotoAsync(_session.Origin + "/console/");
        await Expect(page.Locator("#no-access")).ToBeVisibleAsync();
        await Expect(page.Locator("#no-access")).ToContainTextAsync("?token=");
        await browser.ScreenshotAsync("no-token");
        var violations = await browser.AxeViolationsAsync();
        Assert.True(violations.Length == 0, violations);

        // With the cookie in this browser, a page of another site tries to invoke (a "simple" text/plain POST that
        // needs no preflight) and to read the functions: refused, and no invoke ran.
        await OpenAsync(page);
        await page.RouteAsync("http://evil.example/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html", Body = "<!doctype html><title>Another site</title><p>Another site</p>",
        }));
        await page.GotoAsync("http://evil.example/");
        var outcome = await page.EvaluateAsync<string>("""
            async (api) => {
              const results = [];
              for (const [path, init] of [["invoke", { method: "POST", credentials: "include", headers: { "Content-Type": "text/plain" },
                  body: JSON.stringify({ functionName: "HelloBash", payload: "{}" }) }], ["functions", { credentials: "include" }]]) {
                try { const r = await fetch(api + path, init); results.push(path + ":" + r.status); }
                catch (e) { results.push(path + ":blocked"); }
              }
              return results.join(" ");
            }
            """, _session.Origin + "/console/api/");
        Assert.Equal("invoke:blocked functions:blocked", outcome); // the browser may not even read a refusal
        Assert.Empty(_session.Host.Services.GetRequiredService<InvokeHistory>().List());
        await browser.ScreenshotAsync("another-site");
    }

    private Task OpenAsync(IPage page) => ConsolePages.OpenAsync(page, _session);

    private static Task InvokeHelloAsync(IPage page) => ConsolePages.InvokeHelloAsync(page);

    private static Task<string> ActiveIdAsync(IPage page) => ConsolePages.ActiveIdAsync(page);

    private static Task CheckPageAsync(BrowserPage browser, string name) => ConsolePages.CheckPageAsync(browser, name);
}
