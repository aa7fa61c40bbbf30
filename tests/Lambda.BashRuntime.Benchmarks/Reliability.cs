using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Lambda.BashRuntime.Sdk;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>
/// The reliability figures: the emulator's memory under a log flood and an Event flood ("flat": RSS after five floods
/// at most 20 MiB above RSS after one), and a restart on a --state-dir holding 30 functions (target: at most 3 s).
/// </summary>
public static class Reliability
{
    private const double FlatMiB = 20;

    public static async Task<List<string>> RunAsync(
        string emulatorPath, BenchmarkFunction logFlooder, BenchmarkFunction quick, BenchmarkFunction restarted)
    {
        var lines = new List<string> { "| reliability figure | value |", "| --- | --- |" };
        var state = Directory.CreateTempSubdirectory("lambda-bash-benchmark-state-").FullName;
        try
        {
            await using (var emulator = await EmulatorProcess.StartAsync(emulatorPath, "--state-dir", state))
            {
                using var http = emulator.CreateClient();
                await logFlooder.CreateAsync(http);
                await quick.CreateAsync(http);
                lines.Add(Row("log flood (200 MB of stderr per invoke)", await FloodAsync(emulator, () => LogFloodAsync(http, logFlooder.Name))));
                Console.WriteLine(lines[^1]);
                var events = Path.Combine(state, "events");
                lines.Add(Row("Event flood (500 Event invokes of 1 MB each)", await FloodAsync(emulator, () => EventFloodAsync(http, quick.Name, events))));
                Console.WriteLine(lines[^1]);
            }
            lines.Add(await RestartAsync(emulatorPath, restarted));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
        Console.WriteLine(lines[^1]);
        return lines;
    }

    private static string Row(string what, (double First, double Fifth) rss)
        => $"| {what}: emulator RSS after 1 flood / after 5 | {rss.First:F1} MiB / {rss.Fifth:F1} MiB: " +
           $"{(rss.Fifth <= rss.First + FlatMiB ? "flat" : "NOT flat")} (+{rss.Fifth - rss.First:F1} MiB; flat means <= +{FlatMiB} MiB) |";

    private static async Task<(double First, double Fifth)> FloodAsync(EmulatorProcess emulator, Func<Task> flood)
    {
        double first = 0;
        for (var i = 1; i <= 5; i++)
        {
            await flood();
            if (i == 1)
            {
                first = emulator.ResidentMiB;
            }
        }
        return (first, emulator.ResidentMiB);
    }

    private static async Task LogFloodAsync(HttpClient http, string function)
    {
        using var response = await http.PostAsync($"2015-03-31/functions/{function}/invocations", new StringContent("{}"));
        var body = await response.Content.ReadAsStringAsync();
        if (!body.Contains("Hello", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"log flood: unexpected answer {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>500 Event invokes of 1 MB, eight at a time, then waits until the queue on disk has drained.</summary>
    private static async Task EventFloodAsync(HttpClient http, string function, string queueFolder)
    {
        var payload = Encoding.UTF8.GetBytes($$"""{"text":"Hello","pad":"{{new string('x', 1_000_000)}}"}""");
        var sent = 0;
        await Parallel.ForAsync(0, 500, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, cancel) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"2015-03-31/functions/{function}/invocations")
            {
                Content = new ByteArrayContent(payload),
            };
            request.Headers.Add("X-Amz-Invocation-Type", "Event");
            using var response = await http.SendAsync(request, cancel);
            if ((int)response.StatusCode != 202)
            {
                throw new InvalidOperationException($"Event flood: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
            }
            Interlocked.Increment(ref sent);
        });
        var clock = Stopwatch.StartNew();
        while (Directory.EnumerateFiles(queueFolder, "*.event").Any() && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
        }
    }

    /// <summary>A --state-dir with 30 functions of 5 MB each: spawn to listening, then the first invoke after it.</summary>
    private static async Task<string> RestartAsync(string emulatorPath, BenchmarkFunction template)
    {
        var state = Directory.CreateTempSubdirectory("lambda-bash-benchmark-restart-").FullName;
        try
        {
            var files = template.Files.Select(f => new LambdaZipEntry(Path.GetFileName(f), File.ReadAllBytes(f), true)).ToList();
            await using (var first = await EmulatorProcess.StartAsync(emulatorPath, "--state-dir", state))
            {
                using var http = first.CreateClient();
                for (var i = 0; i < 30; i++)
                {
                    // Incompressible bulk, as vendored tools are: unpacking it is what a restart used to wait for.
                    var zip = LambdaZipWriter.Write([.. files, new LambdaZipEntry("bulk.bin", RandomNumberGenerator.GetBytes(5 * 1024 * 1024), false)]);
                    using var response = await http.PostAsJsonAsync("2015-03-31/functions", new
                    {
                        FunctionName = $"fn{i:D2}",
                        Runtime = "provided.al2023",
                        Role = "arn:aws:iam::123456789012:role/lambda-role",
                        template.Handler,
                        Code = new { ZipFile = Convert.ToBase64String(zip) },
                    }, new System.Text.Json.JsonSerializerOptions()); // Lambda's JSON is PascalCase: no naming policy

                    response.EnsureSuccessStatusCode();
                }
            }
            await using var second = await EmulatorProcess.StartAsync(emulatorPath, "--state-dir", state);
            using var client = second.CreateClient();
            var (firstInvoke, _) = await new InvokeClient(client, "fn07").InvokeAsync();
            return $"| restart on a --state-dir with 30 functions of 5 MB: spawn to listening (target <= 3 s), then the first invoke | " +
                   $"{second.StartedIn.TotalSeconds:F2} s, {firstInvoke:F0} ms (unpacks that one function) |";
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
