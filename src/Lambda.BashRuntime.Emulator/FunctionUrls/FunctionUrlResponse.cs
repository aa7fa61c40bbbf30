using System.Text;
using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.FunctionUrls;

/// <summary>
/// What a function URL answers for the function's response, mapped as Lambda maps it (urls-invocation.html, response
/// payload): a JSON object with a statusCode is a response description (statusCode, headers, cookies as Set-Cookie,
/// body, isBase64Encoded); any other valid JSON is the body of a 200 application/json answer, exactly as sent (a JSON
/// string keeps its quotes). A response that is not JSON at all (e.g. the starter's "Echoing request: ...") has no
/// mapping in the AWS docs: the emulator answers 502, with the reason on its terminal, rather than guess.
/// </summary>
public sealed record FunctionUrlResponse(int StatusCode, IReadOnlyList<(string Name, string Value)> Headers, IReadOnlyList<string> Cookies, byte[] Body)
{
    /// <summary>The mapped answer, or null and the reason the payload cannot be one.</summary>
    public static (FunctionUrlResponse? Response, string? Problem) FromPayload(byte[] payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return (null, "the function's response is not JSON. A function URL needs JSON: an object such as "
                + "{\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\"},\"body\":\"...\"}, or any JSON value (sent as application/json)");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out var status))
            {
                return (new FunctionUrlResponse(200, [("Content-Type", "application/json")], [], payload), null);
            }
            return Describe(root, status);
        }
    }

    private static (FunctionUrlResponse?, string?) Describe(JsonElement root, JsonElement status)
    {
        if (!status.TryGetInt32(out var code) || code is < 100 or > 599)
        {
            return (null, $"statusCode {status.GetRawText()} is not an HTTP status (100 to 599)");
        }
        var headers = new List<(string, string)>();
        if (root.TryGetProperty("headers", out var headerObject) && headerObject.ValueKind == JsonValueKind.Object)
        {
            headers.AddRange(headerObject.EnumerateObject().Select(h => (h.Name, Text(h.Value))));
        }
        var cookies = new List<string>();
        if (root.TryGetProperty("cookies", out var cookieArray) && cookieArray.ValueKind == JsonValueKind.Array)
        {
            cookies.AddRange(cookieArray.EnumerateArray().Select(Text));
        }
        var body = root.TryGetProperty("body", out var bodyValue) && bodyValue.ValueKind != JsonValueKind.Null ? Text(bodyValue) : "";
        var base64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (!base64)
        {
            return (new FunctionUrlResponse(code, headers, cookies, Encoding.UTF8.GetBytes(body)), null);
        }
        try
        {
            return (new FunctionUrlResponse(code, headers, cookies, Convert.FromBase64String(body)), null);
        }
        catch (FormatException)
        {
            return (null, "isBase64Encoded is true but body is not base64");
        }
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
