using System.Text.Json;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// Decodes application/vnd.amazon.eventstream bytes with botocore's own decoder (EventStreamBuffer, shipped with
/// Debian's AWS CLI): an independent check of the framing, prelude and message CRCs included (it raises on a bad one).
/// </summary>
public static class BotocoreEventStream
{
    private const string DistPackages = "/usr/lib/python3/dist-packages/awscli";

    private const string Script = """
        import base64, json, sys
        sys.path.insert(0, sys.argv[1])
        from botocore.eventstream import EventStreamBuffer
        buffer = EventStreamBuffer()
        buffer.add_data(open(sys.argv[2], 'rb').read())
        events = [{"headers": {k: str(v) for k, v in m.headers.items()}, "payload": base64.b64encode(m.payload).decode()} for m in buffer]
        if buffer._data:
            sys.exit("trailing bytes that are not a whole message: %d" % len(buffer._data))
        print(json.dumps(events))
        """;

    public sealed record Event(IReadOnlyDictionary<string, string> Headers, byte[] Payload)
    {
        public string EventType => Headers[":event-type"];
    }

    public static async Task<Event[]> DecodeAsync(byte[] stream)
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "stream.bin");
        await File.WriteAllBytesAsync(file, stream);
        var script = Path.Combine(folder.Path, "decode.py");
        await File.WriteAllTextAsync(script, Script);
        var result = await Command.RunAsync("/usr/bin/python3", [script, DistPackages, file], timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.EnumerateArray().Select(e => new Event(
            e.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!),
            Convert.FromBase64String(e.GetProperty("payload").GetString()!))).ToArray();
    }
}
