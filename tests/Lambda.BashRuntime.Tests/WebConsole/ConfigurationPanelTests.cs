using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Layers;
using Lambda.BashRuntime.Emulator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// The configuration panel in a real browser (Debian's chromium): the function chosen under Invoke, its settings as
/// get-function-configuration has them, its environment variables and function URL, updated live. Each page passes
/// axe, logs no error, shows no text under 14 px and leaves a screenshot.
/// </summary>
public sealed class ConfigurationPanelTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private HttpConsoleSession _session = null!;

    public async Task InitializeAsync() => _session = await HttpConsoleSession.StartAsync();

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task The_panel_shows_the_projects_function_its_variables_and_url_and_follows_changes_and_the_choice()
    {
        await using var browser = await chromium.NewPageAsync(1920, 1080);
        var page = browser.Page;
        await OpenAsync(page, _session);
        var functions = _session.Host.Services.GetRequiredService<FunctionService>();
        var record = functions.Get(HttpConsoleSession.FunctionName, null, _session.Host.Options.Region);

        await Expect(page.Locator("#config-of")).ToContainTextAsync("Of HelloHttp, the function chosen under Invoke");
        await Expect(Value(page, "Handler")).ToHaveTextAsync("function.handler");
        await Expect(Value(page, "Runtime")).ToHaveTextAsync("provided.al2023");
        await Expect(Value(page, "Ephemeral storage (/tmp)")).ToHaveTextAsync("512 MB");
        await Expect(Value(page, "Code SHA-256")).ToHaveTextAsync(record.Code.CodeSha256);
        await Expect(Value(page, "Code size")).ToHaveTextAsync($"{record.Code.CodeSize:N0} bytes");
        await Expect(Value(page, "Function URL")).ToHaveTextAsync($"{_session.Url} (AuthType NONE, InvokeMode BUFFERED)");
        await Expect(Value(page, "State")).ToHaveTextAsync("Active / Last update status: Successful");
        await Expect(Value(page, "Logging")).ToHaveTextAsync("Text; log group /aws/lambda/HelloHttp");
        await Expect(page.Locator("#config-env tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#config-env tbody tr").First).ToHaveTextAsync("GREETINGHello from the config");
        await Expect(page.Locator("#config-section")).Not.ToContainTextAsync("AWS_SECRET_ACCESS_KEY");
        await CheckPageAsync(browser, "configuration");

        // A layer and update-function-configuration, as a deploy target or the CLI would make them: shown without a reload.
        var region = _session.Host.Options.Region;
        var (layer, version) = _session.Host.Services.GetRequiredService<LayerService>().Publish("tools", new PublishLayerVersionRequest
        {
            Content = new LayerContentInput(Infrastructure.TestZips.Create(
                Infrastructure.TestZips.File("bin/tool", "#!/bin/sh\n"u8.ToArray(), Infrastructure.TestZips.Executable)), null, null, null),
        }, region);
        var layerArn = AwsFormat.LayerVersionArn(region, _session.Host.Options.AccountId, layer.LayerName, version.Version);
        functions.UpdateConfiguration(HttpConsoleSession.FunctionName, new UpdateFunctionConfigurationRequest
        {
            Layers = [layerArn],
            MemorySize = 256,
            Environment = new EnvironmentInput(new Dictionary<string, string> { ["GREETING"] = "changed" }),
        }, _session.Host.Options.Region);
        await Expect(Value(page, "Memory")).ToHaveTextAsync("256 MB");
        await Expect(page.Locator("#config-env tbody tr")).ToHaveTextAsync("GREETINGchanged");
        await Expect(Value(page, "Layers")).ToHaveTextAsync($"{layerArn} ({version.Package.CodeSize:N0} bytes)");

        // Another function, chosen under Invoke: its configuration, and no URL to test.
        _session.CreateFunction("NoUrlFunction", timeout: 7);
        await Expect(page.Locator("#function option[value=NoUrlFunction]")).ToHaveCountAsync(1);
        await page.GetByLabel("Function", new() { Exact = true }).SelectOptionAsync("NoUrlFunction");
        await Expect(page.Locator("#config-of")).ToContainTextAsync("Of NoUrlFunction");
        await Expect(Value(page, "Timeout")).ToHaveTextAsync("7 s");
        await Expect(Value(page, "Function URL")).ToHaveTextAsync("none");
        await Expect(page.Locator("#config-env tbody tr")).ToHaveTextAsync("None set.");
        await Expect(page.Locator("#url-none")).ToHaveTextAsync(new Regex("^NoUrlFunction has no function URL. Give it one with dotnet build -t:FunctionUrl"));
        await Expect(page.Locator("#url-form")).ToBeHiddenAsync();
        await CheckPageAsync(browser, "configuration-no-url");
    }

    [Fact]
    public async Task In_Japanese_on_a_dark_small_screen_the_panel_is_translated_and_passes_axe()
    {
        await using var browser = await chromium.NewPageAsync(1024, 768, locale: "ja-JP", colorScheme: ColorScheme.Dark);
        var page = browser.Page;
        await OpenAsync(page, _session);

        await Expect(page.Locator("#config-heading")).ToHaveTextAsync("設定");
        await Expect(page.Locator("#config-of")).ToContainTextAsync("HelloHttp（「呼び出し」で選んだ関数）の設定");
        await Expect(Value(page, "ハンドラー")).ToHaveTextAsync("function.handler");
        await Expect(Value(page, "コードのサイズ")).ToHaveTextAsync(new Regex("^[0-9,]+ バイト$"));
        await Expect(Value(page, "関数 URL")).ToContainTextAsync(_session.Url);
        await Expect(page.Locator("#env-heading")).ToHaveTextAsync("環境変数");
        await Expect(page.Locator("#env-note")).ToContainTextAsync("認証情報");
        await Expect(page.Locator("#url-heading")).ToHaveTextAsync("関数 URL のテスト");
        await Expect(page.GetByLabel("メソッド")).ToHaveValueAsync("GET");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "リクエストを送る" })).ToBeVisibleAsync();
        // The dark page's text colour, asked of the live list (re-drawn on each refresh of the functions: an element
        // handle taken once may be detached by then, and a detached element has no computed style).
        await Expect(page.Locator("#config dd").First).ToHaveCSSAsync("color", "rgb(232, 232, 232)");
        var untranslated = await page.EvaluateAsync<string[]>("""
            () => [...Object.keys(TEXT.en).filter((k) => !(k in TEXT.ja)), ...Object.keys(TEXT.ja).filter((k) => !(k in TEXT.en))]
            """);
        Assert.Empty(untranslated); // every string of the page in both languages
        await CheckPageAsync(browser, "configuration-japanese-dark");
    }

    /// <summary>The value shown for a label of the configuration list.</summary>
    internal static ILocator Value(IPage page, string label)
        => page.Locator("#config div").Filter(new() { Has = page.Locator("dt", new() { HasTextRegex = new Regex($"^{Regex.Escape(label)}$") }) }).Locator("dd");

    internal static async Task OpenAsync(IPage page, HttpConsoleSession session)
    {
        await page.GotoAsync(session.ConsoleUrl);
        Assert.Equal(session.Origin + "/console/", page.Url);
        await Expect(page.Locator("#functions tbody tr")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Expect(page.Locator("#connection")).ToHaveTextAsync(new Regex("Live|ライブ"));
        await Expect(page.Locator("#config dd").First).ToBeVisibleAsync();
    }

    /// <summary>
    /// Screenshot, axe, the browser console and the text sizes: what every test's page must pass. With
    /// <paramref name="refusals"/>, the browser's own line for each 400 answer of the console's API (a form refused as
    /// meant: Chromium logs every 4xx fetch) is expected, and nothing else.
    /// </summary>
    internal static async Task CheckPageAsync(BrowserPage browser, string name, int refusals = 0)
    {
        await browser.ScreenshotAsync(name);
        var size = browser.Page.ViewportSize!;
        await browser.Page.Locator("div.columns:has(#config-section)").ScreenshotAsync(new()
        {
            Path = Path.Combine(Chromium.ScreenshotFolder, $"{name}-panels-{size.Width}x{size.Height}.png"), // below the fold
        });
        var violations = await browser.AxeViolationsAsync();
        Assert.True(violations.Length == 0, violations);
        Assert.True(await browser.SmallestTextSizeAsync() >= 14, "text under 14 px");
        var errors = browser.Errors.Where(e => e != "Failed to load resource: the server responded with a status of 400 (Bad Request)").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(refusals, browser.Errors.Count);
    }
}
