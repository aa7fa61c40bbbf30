using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>What the console's browser tests do on every page: open it with the token, invoke hello.json, check it.</summary>
public static class ConsolePages
{
    public static async Task OpenAsync(IPage page, ConsoleSession session)
    {
        await page.GotoAsync(session.ConsoleUrl);
        Assert.Equal(session.Origin + "/console/", page.Url); // the token traded for the cookie, and gone from the address bar
        await Expect(page.Locator("#functions tbody tr")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Expect(page.Locator("#connection")).ToHaveTextAsync(new Regex("Live|ライブ"));
    }

    public static async Task InvokeHelloAsync(IPage page)
    {
        await page.GetByLabel("Event file (events/*.json)").SelectOptionAsync("hello.json");
        await Expect(page.GetByLabel("Event (JSON)")).ToHaveValueAsync("""{"text":"Hello"}""");
        await Expect(page.Locator("#payload-check")).ToHaveTextAsync("Valid JSON.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invoke", Exact = true }).ClickAsync();
        await Expect(page.Locator("#response")).ToHaveTextAsync("Echoing request: '{\"text\":\"Hello\"}'");
        await Expect(page.Locator("#log")).ToContainTextAsync("REPORT RequestId:");
    }

    public static Task<string> ActiveIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement.id");

    /// <summary>Screenshot, axe, the browser console and the text sizes: what every test's page must pass.</summary>
    public static async Task CheckPageAsync(BrowserPage browser, string name)
    {
        await browser.ScreenshotAsync(name);
        var violations = await browser.AxeViolationsAsync();
        Assert.True(violations.Length == 0, violations);
        Assert.True(await browser.SmallestTextSizeAsync() >= 14, "text under 14 px");
        Assert.True(browser.Errors.Count == 0, string.Join("\n", browser.Errors));
    }
}
