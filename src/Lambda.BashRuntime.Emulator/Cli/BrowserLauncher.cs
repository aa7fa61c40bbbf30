using System.ComponentModel;
using System.Diagnostics;
using System.Net;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// --open: the system's way to open a URL (xdg-open on Linux, open on macOS, the shell on Windows). The web console's
/// URL carries its secret, and an opener's command line is readable by every local user (ps, /proc/PID/cmdline), so,
/// as Jupyter does, the opener gets a file instead: a page only its owner can read (0600) that redirects the browser
/// to the URL with the token.
/// </summary>
internal static class BrowserLauncher
{
    public const string RedirectFileName = "open-console.html";

    /// <summary>Writes the redirect page for <paramref name="consoleUrl"/> into <paramref name="folder"/> and opens it.</summary>
    public static void OpenConsole(Uri consoleUrl, string folder)
    {
        string file;
        try
        {
            file = WriteRedirect(consoleUrl, folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not write the page that opens the web console ({e.Message}): open its URL above yourself.");
            return;
        }
        Open(new Uri(file).AbsoluteUri);
    }

    /// <summary>The redirect page (replaced if there), readable and writable by its owner only; returns its path.</summary>
    public static string WriteRedirect(Uri consoleUrl, string folder)
    {
        var path = Path.Combine(folder, RedirectFileName);
        File.Delete(path); // a fresh file, so its mode is the one given below (and no link left there is followed)
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var url = WebUtility.HtmlEncode(consoleUrl.AbsoluteUri);
        using var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options);
        writer.Write($"""
            <!DOCTYPE html>
            <html>
            <head>
            <meta charset="utf-8">
            <meta name="referrer" content="no-referrer">
            <meta http-equiv="refresh" content="0;url={url}">
            <title>Local Lambda web console</title>
            </head>
            <body>
            <p>Opening the web console. If nothing happens, <a href="{url}">open it here</a>.</p>
            </body>
            </html>

            """);
        return path;
    }

    private static void Open(string target)
    {
        try
        {
            // .NET picks the opener per OS when UseShellExecute is set; the process is not waited for.
            using var _ = Process.Start(new ProcessStartInfo(target) { UseShellExecute = true });
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            Console.Error.WriteLine($"Could not open a browser ({e.Message}): open the web console's URL above yourself.");
        }
    }
}
