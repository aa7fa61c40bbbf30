using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Lambda.BashRuntime.Sdk;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>
/// The template's scripts under each bash a function meets (3.2: a Mac; 4.2: provided.al2; the system's 5.x:
/// provided.al2023), in the UTF-8 locale: (1) the bootstrap answering 1 MB and 6 MB with and without a final newline
/// (the trim of a final newline was quadratic; the ratio of the two should stay near 1), one emulator per bash
/// (--bash), medians of 7 invokes; (2) json.sh's json_quote and json_get on 100 KB of text dense with escapes, against
/// the same size of plain text (one bash process per figure, its own start subtracted).
/// </summary>
public static class BashOutput
{
    private const int Invokes = 7;
    private static readonly int[] Sizes = [1_000_000, 6_000_000];

    public static async Task<List<string>> RunAsync(string emulatorPath, string templateFolder, IReadOnlyList<string> bashes)
    {
        var work = Directory.CreateTempSubdirectory("lambda-bench-bash-").FullName;
        try
        {
            var lines = new List<string>
            {
                $"Bash output (LC_ALL=C.UTF-8; median of {Invokes} invokes through the Invoke API, answer checked byte for byte):",
                "",
                "| bash | 1 MB, no final newline | 1 MB, with one | ratio | 6 MB, no final newline | 6 MB, with one | ratio |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            };
            var zip = Package(templateFolder);
            foreach (var bash in Environment.GetEnvironmentVariable("LAMBDA_BENCH_JSON_ONLY") == "1" ? [] : bashes)
            {
                var cells = new List<string> { $"{Version(bash)} ({bash})" };
                await using var emulator = await EmulatorProcess.StartAsync(emulatorPath, "--bash", bash);
                using var http = emulator.CreateClient();
                await CreateAsync(http, zip);
                foreach (var size in Sizes)
                {
                    var without = await MedianAsync(http, size, newline: false);
                    var with = await MedianAsync(http, size, newline: true);
                    cells.AddRange([$"{without:F0} ms", $"{with:F0} ms", $"{without / with:F2}x"]);
                }
                lines.Add($"| {string.Join(" | ", cells)} |");
                Console.WriteLine(lines[^1]);
            }

            lines.Add("");
            lines.Add("json.sh on 100 KB (one process each, bash's own start subtracted; dense: every character a quote, backslash, newline, tab or \\u0001):");
            lines.Add("");
            lines.Add("| bash | json_quote plain | json_quote dense | dense / plain | json_get plain | json_get dense | dense / plain |");
            lines.Add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            var jsonSh = Path.Combine(templateFolder, "http", "json.sh");
            var plain = Path.Combine(work, "plain.txt");
            var dense = Path.Combine(work, "dense.txt");
            File.WriteAllText(plain, string.Concat(Enumerable.Repeat("hello wörld ", 100_000 / 12)));
            File.WriteAllText(dense, string.Concat(Enumerable.Repeat("\"\\\n\t\u0001", 100_000 / 5)));
            foreach (var file in new[] { plain, dense })
            {
                File.WriteAllText(file + ".json", System.Text.Json.JsonSerializer.Serialize(new { v = File.ReadAllText(file) },
                    new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
            foreach (var bash in bashes)
            {
                var start = await MedianProcessAsync(bash, ":", work);
                double Time(double t) => Math.Max(0, t - start);
                var quotePlain = Time(await MedianProcessAsync(bash, Quote(jsonSh, plain), work));
                var quoteDense = Time(await MedianProcessAsync(bash, Quote(jsonSh, dense), work));
                var getPlain = Time(await MedianProcessAsync(bash, Get(jsonSh, plain), work));
                var getDense = Time(await MedianProcessAsync(bash, Get(jsonSh, dense), work));
                lines.Add($"| {Version(bash)} | {quotePlain:F0} ms | {quoteDense:F0} ms | {quoteDense / quotePlain:F1}x | {getPlain:F0} ms | {getDense:F0} ms | {getDense / getPlain:F1}x |");
                Console.WriteLine(lines[^1]);
            }
            return lines;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // The value is read with $(<file) and quoted; json_get reads it back from a document json_quote made beforehand.
    private static string Quote(string jsonSh, string file) => $"source '{jsonSh}'; v=$(<'{file}'); json_quote q \"$v\"";

    private static string Get(string jsonSh, string file) => $"source '{jsonSh}'; doc=$(<'{file}.json'); json_get v \"$doc\" v";

    /// <summary>
    /// bootstrap + a function.sh that cats one of the package's answers: N bytes of UTF-8 text (2- and 3-byte characters
    /// among ASCII), without or with a final newline, so the figure is the bootstrap's (capture, trim, post), not the handler's.
    /// </summary>
    private static byte[] Package(string templateFolder)
    {
        const string handler = "# The event is {\"file\":\"NAME\"}: the answer is that file of the package.\n"
            + "handler() {\n  local file=\"${1#*\\\"file\\\":\\\"}\"\n  cat \"$LAMBDA_TASK_ROOT/${file%%\\\"*}\"\n}\n";
        var entries = new List<LambdaZipEntry>
        {
            new("bootstrap", File.ReadAllBytes(Path.Combine(templateFolder, "bootstrap")), true),
            new("function.sh", Encoding.UTF8.GetBytes(handler), true),
        };
        foreach (var size in Sizes)
        {
            var text = Text(size);
            entries.Add(new(AnswerFile(size, newline: false), text, false));
            entries.Add(new(AnswerFile(size, newline: true), [.. text, (byte)'\n'], false));
        }
        return LambdaZipWriter.Write(entries);
    }

    private static string AnswerFile(int size, bool newline) => $"answer-{size}{(newline ? "-nl" : "")}.txt";

    private static byte[] Text(int size)
    {
        var unit = Encoding.UTF8.GetBytes("héllo wörld ✓ ");
        var text = new byte[size];
        var whole = size / unit.Length * unit.Length;
        for (var at = 0; at < whole; at += unit.Length)
        {
            unit.CopyTo(text, at);
        }
        text.AsSpan(whole).Fill((byte)'x');
        return text;
    }

    private static async Task CreateAsync(HttpClient http, byte[] zip)
    {
        using var response = await http.PostAsJsonAsync("2015-03-31/functions", new
        {
            FunctionName = "answer",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = "function.handler",
            Timeout = 60,
            MemorySize = 1024,
            Environment = new { Variables = new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" } },
            Code = new { ZipFile = Convert.ToBase64String(zip) },
        }, new System.Text.Json.JsonSerializerOptions()); // Lambda's JSON is PascalCase: no naming policy
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"CreateFunction: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await BenchmarkFunction.WaitForActiveAsync(http, "answer");
    }

    private static async Task<double> MedianAsync(HttpClient http, int size, bool newline)
    {
        var times = new List<double>();
        for (var i = 0; i <= Invokes; i++) // the first warms the environment up and is not counted
        {
            var payload = $$"""{"file":"{{AnswerFile(size, newline)}}"}""";
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("2015-03-31/functions/answer/invocations", new StringContent(payload, Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            // The bootstrap drops one final newline (as the tutorial's $(...) does): the same N bytes either way.
            var expected = size;
            if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error") || body.Length != expected)
            {
                throw new InvalidOperationException($"answer {size} (newline {newline}): {(int)response.StatusCode}, {body.Length} bytes, not {expected}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(300, body.Length)))}");
            }
            if (i > 0)
            {
                times.Add(elapsed);
            }
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    private static async Task<double> MedianProcessAsync(string bash, string script, string folder)
    {
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var start = new ProcessStartInfo(bash) { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "--norc", "--noprofile", "-c", "set -euo pipefail; " + script })
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["LC_ALL"] = "C.UTF-8";
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{bash} -c {script}: exit {process.ExitCode}: {await error}");
            }
            times.Add(elapsed);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    private static string Version(string bash)
    {
        using var process = Process.Start(new ProcessStartInfo(bash, ["--norc", "-c", "echo ${BASH_VERSION%%(*}"]) { RedirectStandardOutput = true })!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return "bash " + version;
    }
}
