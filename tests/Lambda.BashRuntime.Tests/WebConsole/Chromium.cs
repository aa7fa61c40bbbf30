using Deque.AxeCore.Playwright;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// Debian's chromium (eng/test.sh installs the package) driven by Playwright, headless; Playwright's own browser
/// download is neither reachable nor needed. One browser per test class; a page per test with its own viewport, which
/// collects the browser console's errors and takes the test's screenshot into artifacts/console-screenshots.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ScreenshotFolder { get; } = Path.Combine(RepoPaths.Root, "artifacts", "console-screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run bash eng/test.sh, which installs Debian's chromium package.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // --no-sandbox: Chromium's sandbox refuses to run as root (CI containers); the rest keeps it off the network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) and page at <paramref name="width"/> x <paramref name="height"/>.</summary>
    public async Task<BrowserPage> NewPageAsync(int width, int height, string locale = "en-US", ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            ColorScheme = colorScheme, // what prefers-color-scheme reports
        });
        return new BrowserPage(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

/// <summary>One page, with the errors its console and scripts reported.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    public BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => Errors.Add(error);
    }

    public IPage Page { get; }

    public List<string> Errors { get; } = [];

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(Chromium.ScreenshotFolder);
        await Page.EvaluateAsync("() => window.scrollTo(0, 0)"); // the top of the page, as it opens
        var size = Page.ViewportSize!;
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Chromium.ScreenshotFolder, $"{name}-{size.Width}x{size.Height}.png"),
        });
    }

    /// <summary>One part of the page (a section, as the README shows it), whole however long, into the same folder.</summary>
    public async Task ScreenshotAsync(string name, ILocator part)
    {
        Directory.CreateDirectory(Chromium.ScreenshotFolder);
        var size = Page.ViewportSize!;
        await part.ScreenshotAsync(new LocatorScreenshotOptions
        {
            Path = Path.Combine(Chromium.ScreenshotFolder, $"{name}-{size.Width}x{size.Height}.png"),
        });
    }

    /// <summary>axe's violations, one line each (empty when there are none).</summary>
    public async Task<string> AxeViolationsAsync()
    {
        var result = await Page.RunAxe();
        return string.Join("\n", result.Violations.Select(v =>
            $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})"));
    }

    /// <summary>The smallest computed font size of any element that shows text, in px.</summary>
    public Task<double> SmallestTextSizeAsync()
        => Page.EvaluateAsync<double>("""
            () => Math.min(...[...document.querySelectorAll("body *")]
                .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && e.getClientRects().length)
                .map(e => parseFloat(getComputedStyle(e).fontSize)))
            """);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
