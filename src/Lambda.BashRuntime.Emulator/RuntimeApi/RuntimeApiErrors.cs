using Lambda.BashRuntime.Emulator.Errors;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>Runtime API error answers, shaped as Lambda's Runtime API (and its emulator) shapes them.</summary>
internal static class RuntimeApiErrors
{
    /// <summary>Responses up to 6 MB + 100 bytes are accepted (Lambda's limit, as its emulator enforces it).</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024 + 100;

    /// <summary>The header a runtime may name its error type in (when its body is not a JSON object).</summary>
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    public static Task InvalidRequestId(HttpContext context)
        => WriteAsync(context, StatusCodes.Status400BadRequest, "InvalidRequestID", "Invalid request ID");

    public static Task InvalidStateTransition(HttpContext context, string from, string to)
        => WriteAsync(context, StatusCodes.Status403Forbidden, "InvalidStateTransition",
            $"State transition from {from} to {to} failed for runtime. Error: State transition is not allowed");

    public static Task RequestEntityTooLarge(HttpContext context)
        => WriteAsync(context, StatusCodes.Status413RequestEntityTooLarge, "RequestEntityTooLarge",
            $"Exceeded maximum allowed payload size ({MaxResponseBytes} bytes).");

    public static Task UnknownEnvironment(HttpContext context)
        => WriteAsync(context, StatusCodes.Status403Forbidden, "InvalidRuntimeEndpoint",
            "No execution environment uses this Runtime API endpoint.");

    public static Task Accepted(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = AcceptedBody.Length;
        return context.Response.Body.WriteAsync(AcceptedBody, 0, AcceptedBody.Length);
    }

    private static readonly byte[] AcceptedBody = """{"status":"OK"}"""u8.ToArray();

    public static Task WriteAsync(HttpContext context, int status, string errorType, string message)
        => ErrorResponses.RuntimeApiAsync(context, status, errorType, message);
}
