using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// The function URL tester in a real browser, against the `--http` template's function and its URL: a GET with a
/// query, a JSON POST made with the keyboard alone, a route the function does not have, and bad input that is refused
/// with a message naming the field (English and Japanese). The page reaches the URL through the console's own API
/// only (no CORS to the URL's port).
/// </summary>
[Trait("Category", Infrastructure.TestBash.Category)]
public sealed class FunctionUrlTesterTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private HttpConsoleSession _session = null!;

    public async Task InitializeAsync() => _session = await HttpConsoleSession.StartAsync();

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Infrastructure.ScriptFact]
    public async Task A_GET_with_a_query_shows_the_templates_answer_its_headers_and_the_payload_2_0_event()
    {
        await using var browser = await chromium.NewPageAsync(1920, 1080);
        var page = browser.Page;
        var urlRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(_session.Url, StringComparison.Ordinal))
            {
                urlRequests.Add(request.Url);
            }
        };
        await ConfigurationPanelTests.OpenAsync(page, _session);

        await page.GetByLabel("Path").FillAsync("/hello");
        await page.GetByLabel("Query string (name=value&…, without the ?)").FillAsync("name=Ana");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();

        await Expect(page.Locator("#url-status")).ToHaveTextAsync($"GET {_session.Url}hello?name=Ana answered 200 OK.");
        await Expect(page.Locator("#url-answer-status")).ToHaveTextAsync("HTTP/1.1 200 OK");
        await Expect(page.Locator("#url-answer-headers")).ToContainTextAsync(new Regex("^X-Amzn-RequestId: [0-9a-f-]{36}$", RegexOptions.Multiline));
        await Expect(page.Locator("#url-answer-headers")).ToContainTextAsync(new Regex("^Content-Type: application/json$", RegexOptions.Multiline));
        await Expect(page.Locator("#url-answer-body")).ToHaveTextAsync("{\n  \"message\": \"Hello, Ana!\"\n}");
        var received = page.Locator("#url-event");
        await Expect(received).ToContainTextAsync("\"version\": \"2.0\"");
        await Expect(received).ToContainTextAsync("\"rawPath\": \"/hello\"");
        await Expect(received).ToContainTextAsync("\"rawQueryString\": \"name=Ana\"");
        await Expect(received).ToContainTextAsync("\"name\": \"Ana\"");
        await Expect(received).ToContainTextAsync("\"method\": \"GET\"");
        await Expect(received).ToContainTextAsync("\"user-agent\": \"lambda-bash-console\"");
        await Expect(received).Not.ToContainTextAsync("traceparent"); // only what the form sends, and Lambda's own x-forwarded-*
        await Expect(received).Not.ToContainTextAsync("content-length"); // a GET without a body: none, as curl sends it
        await Expect(page.Locator("#url-log")).ToContainTextAsync("GET /hello");
        await Expect(page.Locator("#url-curl")).ToHaveTextAsync($"curl -i '{_session.Url}hello?name=Ana'");
        await Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(1); // any client's invoke: this one too
        Assert.Empty(urlRequests); // the browser itself never called the URL's port
        await ConfigurationPanelTests.CheckPageAsync(browser, "url-tester-get");
    }

    [Infrastructure.ScriptFact]
    public async Task Keyboard_alone_sends_a_JSON_POST_to_echo_and_an_unknown_route_shows_the_functions_404()
    {
        await using var browser = await chromium.NewPageAsync(1024, 768);
        var page = browser.Page;
        await ConfigurationPanelTests.OpenAsync(page, _session);

        await page.Locator("#url-target").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("url-method", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("POST");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("url-path", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("/echo");
        await page.Keyboard.PressAsync("Tab"); // the query string
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("url-headers", await ActiveIdAsync(page));
        await Expect(page.Locator("#url-headers")).ToHaveValueAsync("Content-Type: application/json");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("url-body", await ActiveIdAsync(page));
        await page.Keyboard.TypeAsync("""{"a":1}""");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("url-send", await ActiveIdAsync(page));
        var outline = await page.EvalOnSelectorAsync<string>("#url-send", "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth");
        Assert.Equal("solid 3px", outline);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#url-answer-status")).ToHaveTextAsync("HTTP/1.1 200 OK");
        await Expect(page.Locator("#url-answer-body")).ToHaveTextAsync("{\n  \"received\": \"{\\\"a\\\":1}\"\n}");
        await Expect(page.Locator("#url-event")).ToContainTextAsync("\"body\": \"{\\\"a\\\":1}\"");
        await Expect(page.Locator("#url-event")).ToContainTextAsync("\"isBase64Encoded\": false");
        await Expect(page.Locator("#url-event")).ToContainTextAsync("\"content-type\": \"application/json\"");
        await Expect(page.Locator("#url-curl")).ToHaveTextAsync(
            $"curl -i -X POST '{_session.Url}echo' -H 'Content-Type: application/json' --data-binary '{{\"a\":1}}'");

        await page.Locator("#url-path").FillAsync("/nope");
        await page.Locator("#url-method").FillAsync("GET");
        await page.Locator("#url-path").PressAsync("Enter"); // Enter in a field submits the form
        await Expect(page.Locator("#url-answer-status")).ToHaveTextAsync("HTTP/1.1 404 Not Found");
        await Expect(page.Locator("#url-status")).ToHaveClassAsync("bad");
        await Expect(page.Locator("#url-answer-body")).ToContainTextAsync("No route for GET /nope");
        await ConfigurationPanelTests.CheckPageAsync(browser, "url-tester-keyboard");
    }

    [Infrastructure.ScriptFact]
    public async Task Bad_input_is_refused_with_a_message_naming_the_field_in_English_and_Japanese()
    {
        await using (var browser = await chromium.NewPageAsync(1920, 1080))
        {
            var page = browser.Page;
            await ConfigurationPanelTests.OpenAsync(page, _session);
            await page.GetByLabel("Method").FillAsync("G ET");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
            await Expect(page.Locator("#url-status")).ToHaveTextAsync(
                "Nothing was sent: \"G ET\" is not an HTTP method: write one word of capital letters, such as GET, POST, PUT or DELETE.");
            await Expect(page.Locator("#url-method")).ToHaveAttributeAsync("aria-invalid", "true");
            Assert.Equal("url-method", await ActiveIdAsync(page)); // focus goes to the field to fix

            await page.GetByLabel("Method").FillAsync("GET");
            await page.GetByLabel("Headers (one Name: value a line)").FillAsync("Accept: application/json\nX-Broken header");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
            await Expect(page.Locator("#url-status")).ToContainTextAsync("Header line 2 (\"X-Broken header\") is not a header: write one Name: value a line");
            await Expect(page.Locator("#url-headers")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#url-method")).Not.ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#url-result")).ToBeHiddenAsync();
            await ConfigurationPanelTests.CheckPageAsync(browser, "url-tester-bad-input", refusals: 2);
        }
        await using (var browser = await chromium.NewPageAsync(1024, 768, locale: "ja-JP"))
        {
            var page = browser.Page;
            await ConfigurationPanelTests.OpenAsync(page, _session);
            await page.GetByLabel("メソッド").FillAsync("get");
            await page.GetByRole(AriaRole.Button, new() { Name = "リクエストを送る" }).ClickAsync();
            await Expect(page.Locator("#url-status")).ToHaveTextAsync(
                "何も送信していません: HTTP メソッドは大文字と小文字を区別します。「get」は「GET」ではありません。GET と書いてください。");
            await page.GetByLabel("メソッド").FillAsync("GET");
            await page.GetByLabel("パス", new() { Exact = true }).FillAsync("/a b");
            await page.GetByRole(AriaRole.Button, new() { Name = "リクエストを送る" }).ClickAsync();
            await Expect(page.Locator("#url-status")).ToContainTextAsync("パスには「空白」をそのまま書けません");
            await ConfigurationPanelTests.CheckPageAsync(browser, "url-tester-japanese", refusals: 2);
        }
        Assert.Empty(_session.History.List()); // nothing reached the function
    }

    private static Task<string> ActiveIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement.id");
}
