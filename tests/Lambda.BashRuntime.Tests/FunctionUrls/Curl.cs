using System.Diagnostics;

namespace Lambda.BashRuntime.Tests.FunctionUrls;

/// <summary>curl, as a developer calls a function URL: `curl -i` output split into status, headers and body bytes.</summary>
public static class Curl
{
    public sealed record Response(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);

        public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

        public IEnumerable<string> All(string name) => Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
    }

    public static async Task<Response> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-sS", "-i", "--max-time", "30" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"curl {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        return Parse(output.ToArray());
    }

    private static Response Parse(byte[] raw)
    {
        var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = System.Text.Encoding.ASCII.GetString(raw, 0, end).Split("\r\n");
        var headers = head.Skip(1).Select(line => line.Split(':', 2)).Select(p => (p[0].Trim(), p[1].Trim())).ToList();
        return new Response(int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, raw[(end + 4)..]);
    }
}
