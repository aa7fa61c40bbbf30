using System.Diagnostics;
using System.Text;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>
/// Response streaming: time to first byte and throughput of a streamed answer (InvokeWithResponseStream) beside a
/// buffered one (Invoke, at most 6 MB, so 5 MB), from the same Node.js runtime loop, then from the template's bootstrap
/// (stream_response) when given. Medians of a few runs.
/// </summary>
public static class Streaming
{
    private const int Runs = 5;
    private const double MiB = 1024 * 1024;

    public static async Task<List<string>> RunAsync(string emulatorPath, BenchmarkFunction function, BenchmarkFunction? bash = null)
    {
        var lines = new List<string>
        {
            "| runtime | answer | time to first byte ms | total ms | MiB/s |",
            "| --- | --- | ---: | ---: | ---: |",
        };
        await using var emulator = await EmulatorProcess.StartAsync(emulatorPath);
        using var http = emulator.CreateClient();
        var cases = new List<(BenchmarkFunction Function, string Runtime, (int Bytes, bool Stream)[] Answers)>
        {
            (function, "Node.js loop", [(5 * 1024 * 1024, false), (5 * 1024 * 1024, true), (10 * 1024 * 1024, true)]),
        };
        if (bash is not null)
        {
            // The template's bootstrap: stream_response forwards the handler's stdout a line (here 1 KiB) at a time.
            cases.Add((bash, "template's bootstrap", [(5 * 1024 * 1024, false), (5 * 1024 * 1024, true)]));
        }
        foreach (var (subject, runtime, answers) in cases)
        {
            await subject.CreateAsync(http);
            await MeasureAsync(http, subject.Name, 1024, stream: true); // warm-up: the environment, the emulator's paths
            await MeasureAsync(http, subject.Name, 1024, stream: false);
            foreach (var (bytes, stream) in answers)
            {
                var runs = new List<(double First, double Total)>();
                for (var i = 0; i < Runs; i++)
                {
                    runs.Add(await MeasureAsync(http, subject.Name, bytes, stream));
                }
                var first = runs.Select(r => r.First).Order().ElementAt(Runs / 2);
                var total = runs.Select(r => r.Total).Order().ElementAt(Runs / 2);
                var line = $"| {runtime} | {bytes / MiB:F0} MiB {(stream ? "streamed (InvokeWithResponseStream)" : "buffered (Invoke)")} | {first:F1} | {total:F1} | {bytes / MiB / (total / 1000):F0} |";
                lines.Add(line);
                Console.WriteLine(line);
            }
        }
        return lines;
    }

    /// <summary>One invoke: milliseconds to the first byte of the answer's body, and to its last.</summary>
    private static async Task<(double First, double Total)> MeasureAsync(HttpClient http, string name, int bytes, bool stream)
    {
        var path = stream ? $"2021-11-15/functions/{name}/response-streaming-invocations" : $"2015-03-31/functions/{name}/invocations";
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent($$"""{"bytes":{{bytes}},"stream":{{(stream ? "true" : "false")}}}""", Encoding.UTF8, "application/json"),
        };
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256 * 1024];
        double first = 0;
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (total == 0)
            {
                first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            total += read;
        }
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // The event stream adds its framing (16 bytes and headers per chunk, then InvokeComplete): at least the payload.
        if (!response.IsSuccessStatusCode || total < bytes || response.Headers.Contains("X-Amz-Function-Error"))
        {
            throw new InvalidOperationException($"{name}: unexpected answer {(int)response.StatusCode}, {total} bytes for {bytes}");
        }
        return (first, elapsed);
    }
}
