using System.Text;
using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.FunctionUrls;

/// <summary>
/// What a function URL answers for the function's response, mapped as Lambda maps it (urls-invocation.html, response
/// payload): a JSON object with a statusCode is a response description (statusCode, headers, cookies as Set-Cookie,
/// body, isBase64Encoded); any other valid JSON is the body of a 200 application/json answer, exactly as sent (a JSON
/// string keeps its quotes). A response that is not JSON at all (e.g. the starter's "Echoing request: ...") has no
/// mapping in the AWS docs: the emulator answers 502, with the reason on its terminal, rather than guess. So does a
/// description HTTP cannot carry: a statusCode that is not a number from 200 to 599 (a 1xx is not a final answer), a
/// header name that is not an HTTP token, a header or cookie value with a control or non-ASCII character (CR/LF would
/// split the answer), or a body on a 204, 205 or 304.
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
        // TryGetInt32 throws on anything but a number: "200" as a string is refused here, not by an exception.
        if (status.ValueKind != JsonValueKind.Number || !status.TryGetInt32(out var code) || code is < 200 or > 599)
        {
            return (null, $"statusCode {status.GetRawText()} is not an HTTP status of a final answer (a number from 200 to 599)");
        }
        var headers = new List<(string, string)>();
        if (root.TryGetProperty("headers", out var headerObject) && headerObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headerObject.EnumerateObject())
            {
                var value = Text(header.Value);
                if (!IsToken(header.Name))
                {
                    return (null, $"the header name \"{header.Name}\" is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~, no spaces)");
                }
                if (!IsFieldValue(value))
                {
                    return (null, $"the value of the header {header.Name} has a control or non-ASCII character (such as CR or LF), which HTTP cannot carry");
                }
                headers.Add((header.Name, value));
            }
        }
        var cookies = new List<string>();
        if (root.TryGetProperty("cookies", out var cookieArray) && cookieArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var cookie in cookieArray.EnumerateArray().Select(Text))
            {
                if (!IsFieldValue(cookie))
                {
                    return (null, "a cookie has a control or non-ASCII character (such as CR or LF), which a Set-Cookie header cannot carry");
                }
                cookies.Add(cookie);
            }
        }
        var body = root.TryGetProperty("body", out var bodyValue) && bodyValue.ValueKind != JsonValueKind.Null ? Text(bodyValue) : "";
        var base64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
        byte[] bytes;
        try
        {
            bytes = base64 ? Convert.FromBase64String(body) : Encoding.UTF8.GetBytes(body);
        }
        catch (FormatException)
        {
            return (null, "isBase64Encoded is true but body is not base64");
        }
        if (bytes.Length > 0 && !AllowsBody(code))
        {
            return (null, $"statusCode {code} has a body of {bytes.Length} bytes, and a {code} answer has none");
        }
        return (new FunctionUrlResponse(code, headers, cookies, bytes), null);
    }

    /// <summary>Whether an answer with this status may have a body (RFC 9110: not 204, 205 or 304).</summary>
    public static bool AllowsBody(int statusCode) => statusCode is not (204 or 205 or 304);

    /// <summary>An HTTP field name (RFC 9110 token).</summary>
    private static bool IsToken(string name)
        => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    /// <summary>A field value Kestrel writes as it is: visible ASCII, spaces and tabs (no CR, LF, NUL or non-ASCII).</summary>
    private static bool IsFieldValue(string value) => value.All(c => c is '\t' or (>= ' ' and <= '~'));

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
