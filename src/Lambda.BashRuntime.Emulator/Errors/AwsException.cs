namespace Lambda.BashRuntime.Emulator.Errors;

/// <summary>
/// A service error, answered as Lambda answers it (see <see cref="ErrorResponses"/>): HTTP status, the
/// <c>X-Amzn-ErrorType</c> header and a JSON body whose message the AWS CLI prints. The factories below are the one list
/// of service error types the emulator uses; messages say what to fix.
/// </summary>
public sealed class AwsException(string errorType, int statusCode, string message, string? reason = null) : Exception(message)
{
    public string ErrorType { get; } = errorType;

    public int StatusCode { get; } = statusCode;

    /// <summary>The optional "Reason" member (throttling says which limit was hit).</summary>
    public string? Reason { get; } = reason;

    public static AwsException ResourceNotFound(string message) => new("ResourceNotFoundException", 404, message);

    public static AwsException ResourceConflict(string message) => new("ResourceConflictException", 409, message);

    public static AwsException InvalidParameter(string message) => new("InvalidParameterValueException", 400, message);

    public static AwsException InvalidRequestContent(string message) => new("InvalidRequestContentException", 400, message);

    public static AwsException PreconditionFailed(string message) => new("PreconditionFailedException", 412, message);

    public static AwsException AccessDenied(string message) => new("AccessDeniedException", 403, message);

    /// <summary>A control-plane request over its size limit.</summary>
    public static AwsException RequestTooLarge(string message) => new("RequestTooLargeException", 413, message);

    /// <summary>An invoke payload over its size limit.</summary>
    public static AwsException RequestEntityTooLarge(string message) => new("RequestEntityTooLargeException", 413, message);

    public static AwsException TooManyRequests(string message, string? reason = null) => new("TooManyRequestsException", 429, message, reason);

    /// <summary>A function URL whose function failed or answered something that is not a valid response.</summary>
    public static AwsException BadGateway(string message) => new("BadGatewayException", 502, message);

    public static AwsException Service(string message, int statusCode = 500) => new("ServiceException", statusCode, message);
}
