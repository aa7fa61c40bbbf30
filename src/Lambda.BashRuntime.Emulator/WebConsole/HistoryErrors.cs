using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>A failure's errorType and errorMessage, read from the error body as Lambda answers it.</summary>
internal static class HistoryErrors
{
    /// <param name="fallbackType">The type to give when the body names none (a stream's error trailer names one).</param>
    public static (string? Type, string? Message) Read(ReadOnlySpan<byte> body, string? fallbackType)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var json = JsonDocument.ParseValue(ref reader);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                var type = Text(json.RootElement, "errorType") ?? fallbackType;
                var message = Text(json.RootElement, "errorMessage");
                return (type ?? "Unhandled", message);
            }
        }
        catch (JsonException)
        {
            // not JSON: a runtime may post any body as its error
        }
        return (fallbackType ?? "Unhandled", body.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 1024)]));
    }

    private static string? Text(JsonElement error, string name)
        => error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
