using System.Diagnostics;
using System.Text.Json;

namespace Lambda.BashRuntime.Benchmarks.Peers;

/// <summary>The same functions under @vercel/fun, a Docker-free Lambda emulator on npm, when it is installed.</summary>
public static class FunPeer
{
    public sealed record Result(double PerSecond, double P50, double P99, double Cold, int Count);

    /// <summary>Runs fun-peer.js for one function folder; null when @vercel/fun is not installed under <paramref name="nodeModules"/>.</summary>
    public static async Task<Result?> RunAsync(string nodeModules, string functionDirectory, string handler, int seconds)
    {
        if (!Directory.Exists(Path.Combine(nodeModules, "@vercel", "fun")))
        {
            return null;
        }
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "fun-peer.js");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, nodeModules, functionDirectory, handler, seconds.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var log = process.StandardError.ReadToEndAsync(); // the functions' own logs, and fun's
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"@vercel/fun run failed for {functionDirectory}: {(await log)[^Math.Min(2000, (await log).Length)..]}");
            return null;
        }
        return JsonSerializer.Deserialize<Result>((await output).Trim().Split('\n')[^1], new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
    }
}
