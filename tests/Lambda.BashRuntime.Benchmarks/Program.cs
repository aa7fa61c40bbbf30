using System.Diagnostics;
using System.Globalization;
using Lambda.BashRuntime.Benchmarks;
using Lambda.BashRuntime.Benchmarks.Peers;

// Usage: Lambda.BashRuntime.Benchmarks <emulator: the .dll or the native build> <repo root> [results file] [node_modules with @vercel/fun]
// Environment: LAMBDA_BENCH_RUN_PROJECT (a built generated project) and LAMBDA_BENCH_CONSOLE_PROJECT (a built empty
// console project) for the `dotnet run` rows of the inner loop; LAMBDA_BENCH_INNER_LOOP_ONLY=1 stops after that table;
// LAMBDA_BENCH_TRACE_ONLY=1 measures only the handler trace's cost (TraceCost).
// First the inner loop (see InnerLoop).
// One emulator process (as `dotnet run` starts it) serves every function, created through its control plane. For
// each: sequential invokes/s, p50/p99 latency, and cold starts (a configuration change, then an invoke: a new
// execution environment in an emulator that is already warm). Then the emulator's memory, descriptors and processes
// over 10,000+ invokes, under log and Event floods, and a restart on a state dir of 30 functions. Figures and ratios only: nothing here passes or fails.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Lambda.BashRuntime.Benchmarks <Lambda.BashRuntime.Emulator.dll or native Lambda.BashRuntime.Emulator> <repo root> [results.md]");
    return 2;
}
var emulatorPath = Path.GetFullPath(args[0]);
var root = Path.GetFullPath(args[1]);
var resultsFile = args.Length > 2 ? args[2] : Path.Combine(root, "artifacts", "benchmarks", "results.md");
var functionsDir = Path.Combine(root, "tests", "Lambda.BashRuntime.Benchmarks", "Functions");
var peerModules = args.Length > 3 ? Path.GetFullPath(args[3]) : Path.Combine(root, "artifacts", "peers", "node_modules");
const int ColdStarts = 10;

var functions = new[]
{
    new BenchmarkFunction("generated", "the template's bootstrap + function.sh", "function.handler",
        [Path.Combine(root, "templates", "bash-runtime", "bootstrap"), Path.Combine(root, "templates", "bash-runtime", "function.sh")]),
    new BenchmarkFunction("tutorial", "the tutorial's bootstrap (bash shebang) + function.sh", "function.handler",
        [Path.Combine(functionsDir, "tutorial", "bootstrap"), Path.Combine(functionsDir, "tutorial", "function.sh")]),
    new BenchmarkFunction("node-loop", "a minimal Node.js runtime loop: the emulator's own cost", "loop.handler",
        [Path.Combine(functionsDir, "node-loop", "bootstrap"), Path.Combine(functionsDir, "node-loop", "loop.js")]),
};

if (Environment.GetEnvironmentVariable("BENCHMARK_RELIABILITY_ONLY") == "1")
{
    // Only the floods and the restart (about three minutes), for work on the emulator's limits.
    await Reliability.RunAsync(emulatorPath,
        new BenchmarkFunction("flood", "writes 200 MB of log per invoke", "function.handler",
            [Path.Combine(root, "templates", "bash-runtime", "bootstrap"), Path.Combine(functionsDir, "flood", "function.sh")]),
        functions.Single(f => f.Name == "node-loop"), functions.Single(f => f.Name == "generated"));
    return 0;
}

// The bashes a function meets (LAMBDA_BENCH_BASHES, colon-separated, from eng/benchmark.sh; else the system's).
var bashes = (Environment.GetEnvironmentVariable("LAMBDA_BENCH_BASHES") is { Length: > 0 } listed ? listed : "/bin/bash")
    .Split(':', StringSplitOptions.RemoveEmptyEntries);
if (Environment.GetEnvironmentVariable("LAMBDA_BENCH_TRACE_ONLY") == "1")
{
    var traceOnly = await TraceCost.RunAsync(emulatorPath, root);
    Directory.CreateDirectory(Path.GetDirectoryName(resultsFile)!);
    File.WriteAllLines(resultsFile, [$"# Handler trace {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores", "", .. traceOnly]);
    Console.WriteLine($"\nwritten to {resultsFile}");
    return 0;
}
if (Environment.GetEnvironmentVariable("LAMBDA_BENCH_BASH_ONLY") == "1")
{
    var bashOnly = await BashOutput.RunAsync(emulatorPath, Path.Combine(root, "templates", "bash-runtime"), bashes);
    Directory.CreateDirectory(Path.GetDirectoryName(resultsFile)!);
    File.WriteAllLines(resultsFile, [$"# Bash output {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores", "", .. bashOnly]);
    Console.WriteLine($"\nwritten to {resultsFile}");
    return 0;
}

var streamer = new BenchmarkFunction("stream", "a Node.js runtime loop answering N bytes, streamed or buffered", "stream.handler",
    [Path.Combine(functionsDir, "stream", "bootstrap"), Path.Combine(functionsDir, "stream", "stream.js")]);
var bashStreamer = new BenchmarkFunction("bash-stream", "the template's bootstrap answering N bytes, streamed or buffered", "function.handler",
    [Path.Combine(root, "templates", "bash-runtime", "bootstrap"), Path.Combine(functionsDir, "bash-stream", "function.sh")]);
if (Environment.GetEnvironmentVariable("LAMBDA_BENCH_STREAMING_ONLY") == "1")
{
    var streamingOnly = await Streaming.RunAsync(emulatorPath, streamer, bashStreamer);
    Directory.CreateDirectory(Path.GetDirectoryName(resultsFile)!);
    File.WriteAllLines(resultsFile, [$"# Response streaming {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores", "", .. streamingOnly]);
    Console.WriteLine($"\nwritten to {resultsFile}");
    return 0;
}

var innerLoop = await InnerLoop.RunAsync(emulatorPath, Path.Combine(root, "templates", "bash-runtime"),
    Environment.GetEnvironmentVariable("LAMBDA_BENCH_RUN_PROJECT"), Environment.GetEnvironmentVariable("LAMBDA_BENCH_CONSOLE_PROJECT"));
if (Environment.GetEnvironmentVariable("LAMBDA_BENCH_INNER_LOOP_ONLY") == "1")
{
    Directory.CreateDirectory(Path.GetDirectoryName(resultsFile)!);
    File.WriteAllLines(resultsFile, [$"# Inner loop {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores", "", .. innerLoop]);
    Console.WriteLine($"\nwritten to {resultsFile}");
    return 0;
}

var bashStart = Median(await TimeProcessStartsAsync("bash", ["-c", ":"], 20));
Console.WriteLine($"bash's own start (spawn to exit, median of 20): {bashStart:F2} ms");

var rows = new List<Row>();
await using (var emulator = await EmulatorProcess.StartAsync(emulatorPath))
{
    using var http = emulator.CreateClient();
    foreach (var function in functions)
    {
        await function.CreateAsync(http);
        var client = new InvokeClient(http, function.Name);
        await client.RunAsync(300, TimeSpan.FromSeconds(10)); // warm-up, of the emulator too
        var clock = Stopwatch.StartNew();
        var latencies = await client.RunAsync(5000, TimeSpan.FromSeconds(8));
        var perSecond = latencies.Count / clock.Elapsed.TotalSeconds;

        var colds = new List<double>();
        var inits = new List<double>();
        for (var i = 0; i < ColdStarts; i++)
        {
            await function.ChangeConfigurationAsync(http);
            var (milliseconds, init) = await client.InvokeAsync(tail: true);
            colds.Add(milliseconds);
            inits.Add(init ?? double.NaN);
        }
        var row = new Row(function, perSecond, Percentile(latencies, 0.50), Percentile(latencies, 0.99), Median(colds), Median(inits), latencies.Count);
        rows.Add(row);
        Console.WriteLine($"{function.Name}: {row.PerSecond:F0} invokes/s over {row.Count}, p50 {row.P50:F2} ms, p99 {row.P99:F2} ms, " +
                          $"cold invoke {row.Cold:F1} ms (Init Duration {row.Init:F1} ms)");
    }
}

// Peer rows: the same functions under @vercel/fun, where npm could install it.
var peerRows = new List<string>();
foreach (var function in functions)
{
    if (await FunPeer.RunAsync(peerModules, Path.GetDirectoryName(function.Files[0])!, function.Handler, 8) is { } peer)
    {
        peerRows.Add($"| {function.Name} under @vercel/fun (peer) | {peer.PerSecond:F0} | {peer.P50:F2} | {peer.P99:F2} | {peer.Cold:F1} | | |");
        Console.WriteLine($"{function.Name} under @vercel/fun: {peer.PerSecond:F0} invokes/s, p50 {peer.P50:F2} ms, cold invoke {peer.Cold:F1} ms");
    }
}

// Resources over 20,000 invokes of the cheapest runtime, so that the emulator's own behaviour dominates.
var soak = new List<string>();
await using (var emulator = await EmulatorProcess.StartAsync(emulatorPath))
{
    using var http = emulator.CreateClient();
    var function = functions.Single(f => f.Name == "node-loop");
    var idle = emulator.ResidentMiB;
    await function.CreateAsync(http);
    var client = new InvokeClient(http, function.Name);
    soak.Add($"| emulator idle RSS (started, no function yet) | {idle:F1} MiB |");
    var done = 0;
    foreach (var checkpoint in new[] { 1_000, 5_000, 10_000, 15_000, 20_000 })
    {
        done += (await client.RunAsync(checkpoint - done, TimeSpan.FromMinutes(2))).Count;
        soak.Add($"| after {done:N0} invokes: RSS, descriptors, processes below the emulator | {emulator.ResidentMiB:F1} MiB, {emulator.OpenFileDescriptors}, {emulator.Descendants} |");
        Console.WriteLine(soak[^1]);
    }
}

// Floods and a restart: memory must stay flat, a restart must not wait for unpacking.
var flooder = new BenchmarkFunction("flood", "writes 200 MB of log per invoke", "function.handler",
    [Path.Combine(root, "templates", "bash-runtime", "bootstrap"), Path.Combine(functionsDir, "flood", "function.sh")]);
var reliability = await Reliability.RunAsync(emulatorPath, flooder, functions.Single(f => f.Name == "node-loop"),
    functions.Single(f => f.Name == "generated"));
var bashOutput = await BashOutput.RunAsync(emulatorPath, Path.Combine(root, "templates", "bash-runtime"), bashes);
var traceCost = await TraceCost.RunAsync(emulatorPath, root);
var streaming = await Streaming.RunAsync(emulatorPath, streamer, bashStreamer);

var tutorial = rows.Single(r => r.Function.Name == "tutorial");
var generated = rows.Single(r => r.Function.Name == "generated");
var nodeLoop = rows.Single(r => r.Function.Name == "node-loop");
var lines = new List<string>
{
    $"# Benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores: sequential invokes of {InvokeClient.Payload} under the emulator",
    "",
    "| function | invokes/s | p50 ms | p99 ms | cold invoke ms | Init Duration ms | vs tutorial |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
};
lines.AddRange(rows.Select(r =>
    $"| {r.Function.Name}: {r.Function.Description} | {r.PerSecond:F0} | {r.P50:F2} | {r.P99:F2} | {r.Cold:F1} | {r.Init:F1} | {r.PerSecond / tutorial.PerSecond:F1}x |"));
lines.AddRange(peerRows);
if (peerRows.Count > 0)
{
    lines.Add("");
    lines.Add("Peer rows call fun's invoke() in the same Node.js process (no HTTP hop from a client); ours go through the Invoke API from another process, as the AWS CLI does.");
}
else
{
    lines.Add("| (no peer rows: @vercel/fun is not installed; eng/benchmark.sh installs it with npm) | | | | | | |");
}
lines.Add("");
lines.Add($"- generated / tutorial: **{generated.PerSecond / tutorial.PerSecond:F1}x** invokes/s (target >= 6x, stretch >= 10x).");
lines.Add($"- emulator's own cost (node-loop): {nodeLoop.PerSecond:F0} invokes/s, p50 {nodeLoop.P50:F2} ms (targets >= 1,000/s, p50 <= 1 ms).");
lines.Add($"- generated cold start: Init Duration {generated.Init:F1} ms (runtime start to its first /next), bash's own start {bashStart:F2} ms: " +
          $"{generated.Init - bashStart:F1} ms beyond it (target <= 10 ms). Medians of {ColdStarts}; a cold invoke is a configuration change then an invoke.");
lines.Add("");
lines.AddRange(innerLoop);
lines.Add("");
lines.Add("| emulator resources (node-loop runtime) | |");
lines.Add("| --- | --- |");
lines.AddRange(soak);
lines.Add("");
lines.AddRange(reliability);
lines.Add("");
lines.AddRange(bashOutput);
lines.Add("");
lines.AddRange(traceCost);
lines.AddRange(streaming);

Console.WriteLine();
lines.ForEach(Console.WriteLine);
Directory.CreateDirectory(Path.GetDirectoryName(resultsFile)!);
File.WriteAllLines(resultsFile, lines);
Console.WriteLine($"\nwritten to {resultsFile}");
return 0;

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
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

internal sealed record Row(BenchmarkFunction Function, double PerSecond, double P50, double P99, double Cold, double Init, int Count);
