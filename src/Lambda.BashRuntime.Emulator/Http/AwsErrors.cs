using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Lambda.BashRuntime.Emulator.Http;

/// <summary>
/// Lambda service errors as the AWS SDKs parse them, for every API of the emulator: X-Amzn-ErrorType header and a
/// {"Type","message"} body, "Type" being "Service" for a 5xx and "User" otherwise. The service model spells the
/// member "Message" for some errors (those below), and so does Lambda; the CLI reads either.
/// </summary>
public static class AwsErrors
{
    private static readonly HashSet<string> CapitalMessage = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "ServiceException", "ResourceInUseException", "InvalidRuntimeException",
        "InvalidZipFileException",
    };

    public static Task WriteAsync(HttpContext context, int status, string errorType, string message, string? reason = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers["X-Amzn-ErrorType"] = errorType;
        response.Headers["X-Amzn-RequestId"] = Guid.NewGuid().ToString("D");
        response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (reason is not null)
            {
                json.WriteString("Reason", reason);
            }
            json.WriteString("Type", status >= 500 ? "Service" : "User");
            json.WriteString(CapitalMessage.Contains(errorType) ? "Message" : "message", message);
            json.WriteEndObject();
        }
        response.ContentLength = buffer.Length;
        return response.Body.WriteAsync(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
