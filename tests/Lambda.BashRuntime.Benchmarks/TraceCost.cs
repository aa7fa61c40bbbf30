using System.Diagnostics;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>
/// What the handler trace costs: the template's bootstrap with the trace off (every invoke on Lambda, and locally
/// unless asked), against the bootstrap before the trace was added (Functions/before-trace, the template's as of
/// then) and with the trace on. Interleaved rounds in one emulator, so drift hits all three alike.
/// </summary>
public static class TraceCost
{
    private const int Rounds = 5;

    public static async Task<List<string>> RunAsync(string emulatorPath, string root)
    {
        var template = Path.Combine(root, "templates", "bash-runtime");
        var script = Path.Combine(template, "function.sh");
        var cases = new (BenchmarkFunction Function, bool Trace, string Label)[]
        {
            (new("trace-off", "", "function.handler", [Path.Combine(template, "bootstrap"), script]), false,
                "template's bootstrap, trace off"),
            (new("before-trace", "", "function.handler",
                [Path.Combine(root, "tests", "Lambda.BashRuntime.Benchmarks", "Functions", "before-trace", "bootstrap"), script]), false,
                "bootstrap before the trace"),
            (new("trace-on", "", "function.handler", [Path.Combine(template, "bootstrap"), script]), true,
                "template's bootstrap, trace on (--trace)"),
        };
        if (Environment.GetEnvironmentVariable("LAMBDA_BENCH_TRACE_CASES") is { Length: > 0 } only)
        {
            // Some of them, in the order named (to see whether the order within a round matters).
            cases = [.. only.Split(',').Select(name => cases.Single(c => c.Function.Name == name))];
        }
        var latencies = cases.Select(_ => new List<double>()).ToArray();
        var seconds = new double[cases.Length];
        await using (var emulator = await EmulatorProcess.StartAsync(emulatorPath))
        {
            using var http = emulator.CreateClient();
            foreach (var (function, _, _) in cases)
            {
                await function.CreateAsync(http);
            }
            var clients = cases.Select(c => new InvokeClient(http, c.Function.Name, c.Trace)).ToArray();
            foreach (var client in clients)
            {
                await client.RunAsync(200, TimeSpan.FromSeconds(10)); // warm-up
            }
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < clients.Length; i++)
                {
                    var clock = Stopwatch.StartNew();
                    latencies[i].AddRange(await clients[i].RunAsync(1000, TimeSpan.FromSeconds(3)));
                    seconds[i] += clock.Elapsed.TotalSeconds;
                }
            }
        }
        var lines = new List<string>
        {
            $"| handler trace ({Rounds} interleaved rounds) | invokes/s | p50 ms | p99 ms | vs before the trace |",
            "| --- | ---: | ---: | ---: | ---: |",
        };
        var beforeIndex = Array.FindIndex(cases, c => c.Function.Name == "before-trace");
        var before = beforeIndex >= 0 ? latencies[beforeIndex].Count / seconds[beforeIndex] : double.NaN;
        for (var i = 0; i < cases.Length; i++)
        {
            var perSecond = latencies[i].Count / seconds[i];
            lines.Add($"| {cases[i].Label} | {perSecond:F0} | {Percentile(latencies[i], 0.5):F2} | {Percentile(latencies[i], 0.99):F2} | {perSecond / before:F2}x |");
        }
        lines.ForEach(Console.WriteLine);
        return lines;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }
}
