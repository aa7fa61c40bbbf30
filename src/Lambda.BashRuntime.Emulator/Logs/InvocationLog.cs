using System.Globalization;
using System.Text;

namespace Lambda.BashRuntime.Emulator.Logs;

/// <summary>One invocation's log as CloudWatch shows it: START, what the runtime printed, END, REPORT.</summary>
public static class InvocationLog
{
    public const int TailBytes = 4096;

    public static byte[] Build(
        string requestId, string version, ReadOnlySpan<byte> output, TimeSpan duration, int memorySizeMb,
        int? maxMemoryUsedMb, TimeSpan? initDuration, string? errorType = null)
    {
        var ms = duration.TotalMilliseconds;
        var report = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"END RequestId: {requestId}\n")
            .Append(CultureInfo.InvariantCulture, $"REPORT RequestId: {requestId}\tDuration: {ms:F2} ms\t")
            .Append(CultureInfo.InvariantCulture, $"Billed Duration: {Math.Max(1, (long)Math.Ceiling(ms))} ms\t")
            .Append(CultureInfo.InvariantCulture, $"Memory Size: {memorySizeMb} MB\t")
            .Append(CultureInfo.InvariantCulture, $"Max Memory Used: {maxMemoryUsedMb ?? 0} MB\t");
        if (initDuration is { } init)
        {
            report.Append(CultureInfo.InvariantCulture, $"Init Duration: {init.TotalMilliseconds:F2} ms\t");
        }
        if (errorType is not null)
        {
            // Lambda adds these when the platform ended the environment (e.g. Runtime.OutOfMemory).
            report.Append(CultureInfo.InvariantCulture, $"Status: error\tError Type: {errorType}");
        }
        report.Append('\n');

        var start = Encoding.UTF8.GetBytes($"START RequestId: {requestId} Version: {version}\n");
        var end = Encoding.UTF8.GetBytes(report.ToString());
        var newline = output.Length > 0 && output[^1] != (byte)'\n' ? 1 : 0;
        var log = new byte[start.Length + output.Length + newline + end.Length];
        start.CopyTo(log, 0);
        output.CopyTo(log.AsSpan(start.Length));
        if (newline == 1)
        {
            log[start.Length + output.Length] = (byte)'\n';
        }
        end.CopyTo(log, log.Length - end.Length);
        return log;
    }

    /// <summary>X-Amz-Log-Result: base64 of the last 4 KB of the invocation's log.</summary>
    public static string Tail(ReadOnlySpan<byte> log)
        => Convert.ToBase64String(log.Length > TailBytes ? log[^TailBytes..] : log);
}
