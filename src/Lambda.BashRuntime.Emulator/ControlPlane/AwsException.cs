namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// An error the control plane answers as AWS does: HTTP status, <c>X-Amzn-ErrorType</c> header and a JSON body whose
/// message the AWS CLI prints. Messages say what to fix.
/// </summary>
public sealed class AwsException(string errorType, int statusCode, string message) : Exception(message)
{
    public string ErrorType { get; } = errorType;

    public int StatusCode { get; } = statusCode;

    public static AwsException ResourceNotFound(string message) => new("ResourceNotFoundException", 404, message);

    public static AwsException ResourceConflict(string message) => new("ResourceConflictException", 409, message);

    public static AwsException InvalidParameter(string message) => new("InvalidParameterValueException", 400, message);

    public static AwsException PreconditionFailed(string message) => new("PreconditionFailedException", 412, message);

    public static AwsException Service(string message) => new("ServiceException", 500, message);

    public static AwsException RequestTooLarge(string message) => new("RequestTooLargeException", 413, message);
}
