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
}
