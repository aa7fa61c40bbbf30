using System.Globalization;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Http;
using Lambda.BashRuntime.Emulator.Security;
using Lambda.BashRuntime.Emulator.Storage;
using Lambda.BashRuntime.Emulator.WebConsole;

namespace Lambda.BashRuntime.Emulator.FunctionUrls;

/// <summary>
/// An HTTP request to a function URL as the event Lambda gives the function: payload format 2.0, built as in
/// https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html (request payload): routeKey $default, the raw path
/// and query, headers lower-cased with repeated values comma-joined, cookies taken out of the headers into their own
/// list (all but the web console's, which a browser sends to every port of 127.0.0.1), query parameters decoded (repeated ones comma-joined), and the body as text, or base64 for content that is
/// not text (anything but text/*, JSON, XML and JavaScript, including form posts, as on AWS).
/// </summary>
public static class FunctionUrlEvent
{
    public sealed record Context(
        FunctionUrlRecord Url, string AccountId, string RequestId, string TraceId, DateTimeOffset Time, SigV4Authorization? Caller);

    public static byte[] Build(HttpContext http, byte[] body, Context context)
    {
        var request = http.Request;
        // An absolute-form target (http://host:port/path) gives its path component, as the origin-form one does.
        var (rawPath, rawQuery, _, _) = RequestTarget.Of(http);
        var sourceIp = http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("routeKey", "$default");
            json.WriteString("rawPath", rawPath);
            json.WriteString("rawQueryString", rawQuery);
            // The web console's cookie reaches this port too (cookies are per host, not port): never the function's.
            var cookies = request.Headers.Cookie.SelectMany(c => (c ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Where(c => !ConsoleAccess.IsConsoleCookie(c)).ToList();
            if (cookies.Count > 0)
            {
                json.WriteStartArray("cookies");
                cookies.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }
            WriteHeaders(json, request, sourceIp, http.Connection.LocalPort, context.TraceId);
            if (request.Query.Count > 0)
            {
                json.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in request.Query)
                {
                    json.WriteString(name, string.Join(',', values.ToArray()));
                }
                json.WriteEndObject();
            }
            WriteRequestContext(json, request, rawPath, sourceIp, context);
            if (body.Length > 0)
            {
                var text = IsText(request.ContentType) ? TryDecodeUtf8(body) : null;
                json.WriteString("body", text ?? Convert.ToBase64String(body));
                json.WriteBoolean("isBase64Encoded", text is null);
            }
            else
            {
                json.WriteBoolean("isBase64Encoded", false);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Bodies of these content types reach the function as text; any other body as base64.</summary>
    public static bool IsText(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType.StartsWith("text/", StringComparison.Ordinal)
            || mediaType is "application/json" or "application/xml" or "application/javascript"
            || mediaType.EndsWith("+json", StringComparison.Ordinal) || mediaType.EndsWith("+xml", StringComparison.Ordinal);
    }

    private static void WriteHeaders(Utf8JsonWriter json, HttpRequest request, string sourceIp, int port, string traceId)
    {
        json.WriteStartObject("headers");
        foreach (var (name, values) in request.Headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower is "cookie" or "x-forwarded-proto" or "x-forwarded-port" or "x-amzn-trace-id" or "x-forwarded-for")
            {
                continue; // cookies have their own member; the forwarding headers are Lambda's own, written below
            }
            json.WriteString(lower, string.Join(',', values.ToArray()));
        }
        var forwardedFor = request.Headers["X-Forwarded-For"].ToString();
        json.WriteString("x-forwarded-for", forwardedFor.Length > 0 ? $"{forwardedFor}, {sourceIp}" : sourceIp);
        json.WriteString("x-forwarded-proto", "http");
        json.WriteString("x-forwarded-port", port.ToString(CultureInfo.InvariantCulture));
        json.WriteString("x-amzn-trace-id", traceId);
        json.WriteEndObject();
    }

    private static void WriteRequestContext(Utf8JsonWriter json, HttpRequest request, string rawPath, string sourceIp, Context context)
    {
        json.WriteStartObject("requestContext");
        json.WriteString("accountId", context.Caller is null ? "anonymous" : context.AccountId);
        json.WriteString("apiId", context.Url.UrlId);
        if (context.Caller is { } caller)
        {
            // Who signed: the access key from the SigV4 header; the emulator verifies no signature and knows no users.
            json.WriteStartObject("authorizer");
            json.WriteStartObject("iam");
            json.WriteString("accessKey", caller.AccessKeyId);
            json.WriteString("accountId", context.AccountId);
            json.WriteString("callerId", caller.AccessKeyId);
            json.WriteNull("cognitoIdentity");
            json.WriteNull("principalOrgId");
            json.WriteString("userArn", $"arn:aws:iam::{context.AccountId}:user/local");
            json.WriteString("userId", caller.AccessKeyId);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteString("domainName", request.Host.Host);
        json.WriteString("domainPrefix", context.Url.UrlId);
        json.WriteStartObject("http");
        json.WriteString("method", request.Method);
        json.WriteString("path", rawPath);
        json.WriteString("protocol", request.Protocol);
        json.WriteString("sourceIp", sourceIp);
        json.WriteString("userAgent", request.Headers.UserAgent.ToString());
        json.WriteEndObject();
        json.WriteString("requestId", context.RequestId);
        json.WriteString("routeKey", "$default");
        json.WriteString("stage", "$default");
        json.WriteString("time", context.Time.ToUniversalTime().ToString("dd/MMM/yyyy:HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        json.WriteNumber("timeEpoch", context.Time.ToUnixTimeMilliseconds());
        json.WriteEndObject();
    }

    private static string? TryDecodeUtf8(byte[] body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null; // declared as text but not UTF-8: passed on exactly, as base64
        }
    }
}
