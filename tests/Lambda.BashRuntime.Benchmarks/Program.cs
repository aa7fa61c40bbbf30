using System.Diagnostics;
using System.Globalization;
using Lambda.BashRuntime.Benchmarks;

// Usage: Lambda.BashRuntime.Benchmarks <emulator dll> <repo root> [results file]
// Prints sequential invokes/s, p50/p99 latency and cold start for each function under the same emulator, the
// ratios between them, and the emulator's memory, descriptors and processes over 10,000 invokes.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Lambda.BashRuntime.Benchmarks <Lambda.BashRuntime.Emulator.dll> <repo root> [results.md]");
    return 2;
}
var emulatorDll = Path.GetFullPath(args[0]);
var root = Path.GetFullPath(args[1]);
var resultsFile = args.Length > 2 ? args[2] : Path.Combine(root, "artifacts", "benchmarks", "results.md");
var functionsDir = Path.Combine(root, "tests", "Lambda.BashRuntime.Benchmarks", "Functions");
var work = Directory.CreateTempSubdirectory("lambda-bashruntime-bench-").FullName;

var functions = new[]
{
    new BenchmarkFunction("generated", "template's bootstrap + function.sh", "function.handler",
        [Path.Combine(root, "templates", "bash-runtime", "bootstrap"), Path.Combine(root, "templates", "bash-runtime", "function.sh")]),
    new BenchmarkFunction("tutorial", "tutorial's bootstrap (bash shebang) + function.sh", "function.handler",
        [Path.Combine(functionsDir, "tutorial", "bootstrap"), Path.Combine(functionsDir, "tutorial", "function.sh")]),
    new BenchmarkFunction("node-loop", "minimal Node.js runtime loop (emulator's own cost)", "loop.handler",
        [Path.Combine(functionsDir, "node-loop", "bootstrap"), Path.Combine(functionsDir, "node-loop", "loop.js")]),
};

var bashStart = Median(await TimeProcessStartsAsync("bash", ["-c", ":"], 20));
Console.WriteLine($"bash's own start (spawn to exit, median of 20): {bashStart:F2} ms");

var rows = new List<Row>();
foreach (var function in functions)
{
    var config = function.WritePackage(Path.Combine(work, function.Name));
    var colds = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        await using var cold = await EmulatorProcess.StartAsync(emulatorDll, config);
        using var coldClient = new InvokeClient(cold.BaseAddress, function.Name);
        colds.Add(await coldClient.InvokeAsync());
    }

    await using var emulator = await EmulatorProcess.StartAsync(emulatorDll, config);
    using var client = new InvokeClient(emulator.BaseAddress, function.Name);
    await client.RunAsync(50, TimeSpan.FromSeconds(10)); // warm-up
    var clock = Stopwatch.StartNew();
    var latencies = await client.RunAsync(3000, TimeSpan.FromSeconds(8));
    var perSecond = latencies.Count / clock.Elapsed.TotalSeconds;
    var warmP50 = Percentile(latencies, 0.50);
    rows.Add(new Row(function, perSecond, warmP50, Percentile(latencies, 0.99), Median(colds), latencies.Count));
    Console.WriteLine($"{function.Name}: {perSecond:F0} invokes/s over {latencies.Count}, p50 {warmP50:F2} ms, cold {Median(colds):F1} ms");
}

// Resources over 10,000 invokes, with the cheapest runtime so that the emulator's own behaviour dominates.
var soakFunction = functions.Single(f => f.Name == "node-loop");
var soakLines = new List<string>();
{
    var config = soakFunction.WritePackage(Path.Combine(work, "soak"));
    await using var emulator = await EmulatorProcess.StartAsync(emulatorDll, config);
    using var client = new InvokeClient(emulator.BaseAddress, soakFunction.Name);
    var idle = emulator.ResidentMiB;
    await client.RunAsync(1000, TimeSpan.FromSeconds(60));
    var (rss1, fds1, procs1) = (emulator.ResidentMiB, emulator.OpenFileDescriptors, emulator.Descendants);
    await client.RunAsync(10_000, TimeSpan.FromSeconds(120));
    GC.Collect();
    var (rss2, fds2, procs2) = (emulator.ResidentMiB, emulator.OpenFileDescriptors, emulator.Descendants);
    soakLines.Add($"| emulator idle RSS (before any invoke) | {idle:F1} MiB |");
    soakLines.Add($"| RSS after 1,000 / after 11,000 invokes | {rss1:F1} MiB / {rss2:F1} MiB ({(rss2 - rss1) / rss1 * 100:+0.0;-0.0}%) |");
    soakLines.Add($"| open descriptors after 1,000 / 11,000 | {fds1} / {fds2} |");
    soakLines.Add($"| processes below the emulator after 1,000 / 11,000 | {procs1} / {procs2} |");
}

var tutorial = rows.Single(r => r.Function.Name == "tutorial");
var nodeLoop = rows.Single(r => r.Function.Name == "node-loop");
var lines = new List<string>
{
    $"# Benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, sequential invokes of {InvokeClient.Payload}",
    "",
    "| function | invokes/s | p50 ms | p99 ms | cold start ms | vs tutorial | invokes |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
};
lines.AddRange(rows.Select(r =>
    $"| {r.Function.Name}: {r.Function.Description} | {r.PerSecond:F0} | {r.P50:F2} | {r.P99:F2} | {r.Cold:F1} | {r.PerSecond / tutorial.PerSecond:F1}x | {r.Count} |"));
var generated = rows.Single(r => r.Function.Name == "generated");
lines.Add("");
lines.Add($"- bash's own start: {bashStart:F2} ms; generated cold start beyond it: {generated.Cold - bashStart:F1} ms " +
          $"(cold start = first invoke after the emulator is up: runtime spawn, init, first event)");
lines.Add($"- generated / tutorial: {generated.PerSecond / tutorial.PerSecond:F1}x invokes/s; node-loop p50 (emulator's own cost): {nodeLoop.P50:F2} ms");
lines.Add("");
lines.Add("| emulator resources (node-loop runtime) | |");
lines.Add("| --- | --- |");
lines.AddRange(soakLines);

Console.WriteLine();
lines.ForEach(Console.WriteLine);
Directory.CreateDirectory(Path.GetDirectoryName(resultsFile)!);
File.WriteAllLines(resultsFile, lines);
Console.WriteLine($"\nwritten to {resultsFile}");
Directory.Delete(work, recursive: true);
return 0;

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

static double Median(List<double> values) => Percentile(values, 0.5);

static async Task<List<double>> TimeProcessStartsAsync(string file, string[] arguments, int count)
{
    var times = new List<double>();
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(file, arguments);
        await process.WaitForExitAsync();
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    return times;
}

internal sealed record Row(BenchmarkFunction Function, double PerSecond, double P50, double P99, double Cold, int Count);
