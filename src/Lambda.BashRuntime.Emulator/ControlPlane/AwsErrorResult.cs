using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// Writes an <see cref="AwsException"/> the way Lambda does: status, <c>X-Amzn-ErrorType</c>, and
/// <c>{"Type":"User","message":"..."}</c>. The member is spelled as the service model spells it for that error
/// (ResourceNotFoundException and ServiceException say "Message"); the CLI reads either.
/// </summary>
internal sealed class AwsErrorResult(AwsException error) : IResult
{
    public const string ErrorTypeHeader = "X-Amzn-ErrorType";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = error.StatusCode;
        response.Headers[ErrorTypeHeader] = error.ErrorType;
        response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Type", error.StatusCode >= 500 ? "Service" : "User");
            writer.WriteString(UsesCapitalMessage(error.ErrorType) ? "Message" : "message", error.Message);
            writer.WriteEndObject();
        }
        await response.Body.WriteAsync(buffer.ToArray(), httpContext.RequestAborted);
    }

    private static bool UsesCapitalMessage(string errorType)
        => errorType is "ResourceNotFoundException" or "ServiceException";
}
