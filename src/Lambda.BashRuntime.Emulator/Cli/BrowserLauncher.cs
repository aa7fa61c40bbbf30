using System.ComponentModel;
using System.Diagnostics;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>--open: the system's way to open a URL (xdg-open on Linux, open on macOS, the shell on Windows).</summary>
internal static class BrowserLauncher
{
    public static void Open(Uri url)
    {
        try
        {
            // .NET picks the opener per OS when UseShellExecute is set; the process is not waited for.
            using var _ = Process.Start(new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true });
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            Console.Error.WriteLine($"Could not open a browser ({e.Message}): open the web console's URL above yourself.");
        }
    }
}
