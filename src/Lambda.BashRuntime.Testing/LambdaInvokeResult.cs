namespace Lambda.BashRuntime.Testing;

/// <summary>What one invocation answered, as the Invoke API reports it.</summary>
/// <param name="StatusCode">The HTTP status of the Invoke API: 200 for any finished invocation, function errors included.</param>
/// <param name="Payload">The function's response, exactly as the runtime posted it (UTF-8).</param>
/// <param name="FunctionError">"Unhandled" when the function failed (Payload then holds errorType and errorMessage); null on success.</param>
/// <param name="Log">The end of the function's log for this invocation (START, the function's stderr, END, REPORT).</param>
/// <param name="RequestId">The invocation's request id.</param>
public sealed record LambdaInvokeResult(int StatusCode, string Payload, string? FunctionError, string Log, string RequestId)
{
    /// <summary>With <see cref="LocalLambda.Trace"/>: the handler's trace, as `dotnet run -- invoke --trace --trace-variables`
    /// prints it (each command as file:line function, the failing one marked with &gt;, then the variables); else null.</summary>
    public string? Trace { get; init; }
}
