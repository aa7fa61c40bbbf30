using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// An invoke's Duration, Init Duration (cold starts only), Billed Duration and Max Memory Used, read from its log as
/// the platform wrote it: the REPORT line (LogFormat Text) or the platform.report record (LogFormat JSON). The
/// console's history charts them; null where the log has none (a log cut short, an init that never finished).
/// </summary>
public sealed record ReportFigures(double? DurationMs, double? InitDurationMs, double? BilledDurationMs, int? MaxMemoryUsedMb)
{
    public static readonly ReportFigures None = new(null, null, null, null);

    public static ReportFigures Read(string log)
    {
        // The last report: the platform writes it at the end, after anything the function printed.
        foreach (var line in log.Split('\n').Reverse())
        {
            if (line.StartsWith("REPORT ", StringComparison.Ordinal))
            {
                return new(Milliseconds(line, "Duration"), Milliseconds(line, "Init Duration"), Milliseconds(line, "Billed Duration"),
                    (int?)Number(line, "Max Memory Used", "MB"));
            }
            if (line.StartsWith('{') && line.Contains("\"platform.report\"", StringComparison.Ordinal) && FromJson(line) is { } figures)
            {
                return figures;
            }
        }
        return None;
    }

    private static double? Milliseconds(string line, string name) => Number(line, name, "ms");

    private static double? Number(string line, string name, string unit)
    {
        var match = Regex.Match(line, $@"(?:^|\t){Regex.Escape(name)}: ([0-9]+(?:\.[0-9]+)?) {unit}(?:\t|$)");
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static ReportFigures? FromJson(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            if (!json.RootElement.TryGetProperty("record", out var record) || !record.TryGetProperty("metrics", out var metrics))
            {
                return null;
            }
            double? Get(string name) => metrics.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
            return new(Get("durationMs"), Get("initDurationMs"), Get("billedDurationMs"), (int?)Get("maxMemoryUsedMB"));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
