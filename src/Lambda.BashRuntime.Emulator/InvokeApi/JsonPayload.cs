using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.InvokeApi;

/// <summary>Checks that a payload is one JSON value, as Lambda requires, without building anything.</summary>
public static class JsonPayload
{
    /// <summary>Null when valid, else why not.</summary>
    public static string? Validate(ReadOnlySpan<byte> payload)
    {
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
            return e.Message;
        }
    }
}
