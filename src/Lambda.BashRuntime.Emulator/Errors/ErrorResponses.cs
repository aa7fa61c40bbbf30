namespace Lambda.BashRuntime.Emulator.Errors;

/// <summary>The one writer of error answers, for each kind of listener (bodies: <see cref="ErrorJson"/>).</summary>
public static class ErrorResponses
{
    /// <summary>The Invoke API and the control plane: X-Amzn-ErrorType, X-Amzn-RequestId, a service error body.</summary>
    public static Task AwsAsync(HttpContext context, AwsException error)
        => WriteAsync(context, error.StatusCode, error.ErrorType, ErrorJson.Service(error));

    /// <summary>A function URL: X-Amzn-ErrorType, X-Amzn-RequestId, <c>{"Message"}</c>.</summary>
    public static Task FunctionUrlAsync(HttpContext context, AwsException error)
        => WriteAsync(context, error.StatusCode, error.ErrorType, ErrorJson.FunctionUrl(error));

    /// <summary>The Runtime API: <c>{"errorType","errorMessage"}</c>, no AWS headers (the runtime is not an AWS client).</summary>
    public static Task RuntimeApiAsync(HttpContext context, int status, string errorType, string message)
        => WriteAsync(context, status, null, ErrorJson.Function(errorType, message));

    private static Task WriteAsync(HttpContext context, int status, string? amznErrorType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (amznErrorType is not null)
        {
            response.Headers["X-Amzn-ErrorType"] = amznErrorType;
            response.Headers["X-Amzn-RequestId"] = Guid.NewGuid().ToString("D");
        }
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length);
    }
}

/// <summary>An <see cref="AwsException"/> as an endpoint result (the control plane's endpoint filter returns it).</summary>
internal sealed class AwsErrorResult(AwsException error) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => ErrorResponses.AwsAsync(httpContext, error);
}
