using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.InvokeApi;

/// <summary>Checks that a payload is one JSON value, as Lambda requires, without building anything.</summary>
public static class JsonPayload
{
    /// <summary>Null when valid, else why not, with a 1-based line and byte.</summary>
    public static string? Validate(ReadOnlySpan<byte> payload)
    {
        if (payload.Trim(" \t\r\n"u8).IsEmpty)
        {
            return "it is empty";
        }
        if (InvalidUtf8At(payload) is { } at)
        {
            // Lambda refuses these with 400 InvalidRequestContentException; the reader below would pass them on.
            return $"Invalid UTF-8 start byte 0x{payload[at]:x2} (byte {at + 1}): the payload must be UTF-8";
        }
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { AllowTrailingCommas = false, MaxDepth = 1000 });
            while (reader.Read())
            {
            }
            return null;
        }
        catch (JsonException e)
        {
            // System.Text.Json ends its message with 0-based " LineNumber: 0 | BytePositionInLine: 1.": say it for people.
            var reason = e.Message.Split(" LineNumber:")[0].TrimEnd('.');
            return $"{reason} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
        }
    }

    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence; null when all of it is UTF-8.</summary>
    private static int? InvalidUtf8At(ReadOnlySpan<byte> payload)
    {
        if (System.Text.Unicode.Utf8.IsValid(payload))
        {
            return null;
        }
        var at = 0;
        while (at < payload.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(payload[at..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return at;
            }
            at += consumed;
        }
        return null;
    }
}
