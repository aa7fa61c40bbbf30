using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Lambda.BashRuntime.Emulator.Http;

/// <summary>
/// Errors of a function URL as Lambda answers them to browsers and curl: the status, X-Amzn-ErrorType and a
/// <c>{"Message":"..."}</c> body (e.g. 403 <c>{"Message":"Forbidden"}</c>, 502 <c>{"Message":"Internal Server Error"}</c>).
/// </summary>
public static class FunctionUrlErrors
{
    public static Task WriteAsync(HttpContext context, int status, string errorType, string message)
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
            json.WriteString("Message", message);
            json.WriteEndObject();
        }
        response.ContentLength = buffer.Length;
        return response.Body.WriteAsync(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
