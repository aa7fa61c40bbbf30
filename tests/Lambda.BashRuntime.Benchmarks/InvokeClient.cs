using System.Diagnostics;
using System.Text;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>Sequential invokes through the Invoke API, each timed on the client, each answer checked.</summary>
public sealed class InvokeClient(Uri emulator, string functionName) : IDisposable
{
    public const string Payload = """{"text":"Hello"}""";

    private readonly HttpClient _http = new() { BaseAddress = emulator, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>One invoke; returns its latency in milliseconds.</summary>
    public async Task<double> InvokeAsync()
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.PostAsync($"2015-03-31/functions/{functionName}/invocations",
            new StringContent(Payload, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error") || !body.Contains("Hello", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{functionName}: unexpected answer {(int)response.StatusCode}: {body}");
        }
        return elapsed;
    }

    /// <summary>Invokes one after the other until <paramref name="count"/> invokes or <paramref name="budget"/> elapsed.</summary>
    public async Task<List<double>> RunAsync(int count, TimeSpan budget)
    {
        var latencies = new List<double>(count);
        var clock = Stopwatch.StartNew();
        while (latencies.Count < count && clock.Elapsed < budget)
        {
            latencies.Add(await InvokeAsync());
        }
        return latencies;
    }

    public void Dispose() => _http.Dispose();
}
