using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>Sequential invokes through the Invoke API, each timed on the client, each answer checked.</summary>
public sealed partial class InvokeClient(HttpClient http, string functionName, bool trace = false)
{
    public const string Payload = """{"text":"Hello"}""";

    /// <summary>One invoke; returns its latency in milliseconds and, when the invoke started a runtime, its Init Duration.</summary>
    public async Task<(double Milliseconds, double? InitMilliseconds)> InvokeAsync(bool tail = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"2015-03-31/functions/{functionName}/invocations")
        {
            Content = new StringContent(Payload, Encoding.UTF8, "application/json"),
        };
        if (tail)
        {
            request.Headers.Add("X-Amz-Log-Type", "Tail");
        }
        if (trace)
        {
            request.Headers.Add("X-Lambda-Bash-Trace", "true"); // the emulator's handler trace (LocalLambda.Trace)
        }
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error") || !body.Contains("Hello", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{functionName}: unexpected answer {(int)response.StatusCode}: {body}");
        }
        double? init = null;
        if (response.Headers.TryGetValues("X-Amz-Log-Result", out var logs)
            && InitDuration().Match(Encoding.UTF8.GetString(Convert.FromBase64String(logs.First()))) is { Success: true } match)
        {
            init = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return (elapsed, init);
    }

    /// <summary>Invokes one after the other until <paramref name="count"/> invokes or <paramref name="budget"/> elapsed.</summary>
    public async Task<List<double>> RunAsync(int count, TimeSpan budget)
    {
        var latencies = new List<double>(count);
        var clock = Stopwatch.StartNew();
        while (latencies.Count < count && clock.Elapsed < budget)
        {
            latencies.Add((await InvokeAsync()).Milliseconds);
        }
        return latencies;
    }

    [GeneratedRegex(@"Init Duration: ([0-9.]+) ms")]
    private static partial Regex InitDuration();
}
