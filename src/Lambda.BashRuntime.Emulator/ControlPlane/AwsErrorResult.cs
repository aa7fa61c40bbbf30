using Lambda.BashRuntime.Emulator.Http;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>Answers an <see cref="AwsException"/> as Lambda does (see <see cref="AwsErrors"/>).</summary>
internal sealed class AwsErrorResult(AwsException error) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
        => AwsErrors.WriteAsync(httpContext, error.StatusCode, error.ErrorType, error.Message);
}
