using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lambda.BashRuntime.Emulator.Http;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>What the console's POST routes share: the JSON body read within a limit, and the {"message"} of a refusal.</summary>
internal static class ConsoleRequests
{
    /// <summary>The request's JSON body as T; null when it is past the limit, not JSON, or JSON null.</summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request, int limit, JsonTypeInfo<T> type) where T : class
    {
        if ((await BodyReader.ReadAsync(request, limit)).Bytes is not { } bytes)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IResult Problem(int status, string message)
        => Results.Json(new ConsoleProblem(message), ConsoleJson.Default.ConsoleProblem, statusCode: status);
}
