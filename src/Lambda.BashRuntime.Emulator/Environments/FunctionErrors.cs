using System.Globalization;
using Lambda.BashRuntime.Emulator.Errors;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// The errors the emulator reports for a function (as Lambda does, and its Runtime Interface Emulator in
/// fatalerror.go): one list of error types, and the one place that writes "RequestId: ... Error: ...".
/// </summary>
public static class FunctionErrors
{
    public const string InvalidEntrypoint = "Runtime.InvalidEntrypoint";
    public const string ExitError = "Runtime.ExitError";
    public const string OutOfMemoryType = "Runtime.OutOfMemory";
    public const string Timeout = "Sandbox.Timedout";
    public const string ResponseSizeTooLarge = "Function.ResponseSizeTooLarge";
    /// <summary>X-Amz-Function-Error of every function error, and the errorType of a runtime error without one.</summary>
    public const string Unhandled = "Unhandled";

    /// <summary>The bootstrap could not be started, or the code could not be unpacked.</summary>
    public static InvocationResult InitFailed(string requestId, string message)
        => Error(InvalidEntrypoint, requestId, message, InvocationEnd.InitFailed);

    /// <summary>The runtime process ended while it held an invocation ("exit status 3", "signal: killed").</summary>
    public static InvocationResult Exited(string requestId, string how)
        => Error(ExitError, requestId, ExitMessage(how), InvocationEnd.RuntimeExited) with
        {
            LogLine = Prefix(requestId) + ExitMessage(how),
            LogErrorType = ExitError,
        };

    /// <summary>Lambda's words for a runtime that ended: an exit 0 gave no reason; anything else is an error.</summary>
    public static string ExitMessage(string how)
        => how == CleanExit ? "Runtime exited without providing a reason" : $"Runtime exited with error: {how}";

    private const string CleanExit = "exit status 0";

    /// <summary>The environment went past its MemorySize: the kernel killed it.</summary>
    public static InvocationResult OutOfMemory(string requestId)
        => Error(OutOfMemoryType, requestId, "Runtime exited with error: signal: killed", InvocationEnd.OutOfMemory) with
        {
            LogLine = Prefix(requestId) + "Runtime exited with error: signal: killed",
            LogErrorType = OutOfMemoryType,
        };

    public static InvocationResult TimedOut(string requestId, TimeSpan after)
        => Error(Timeout, requestId, string.Create(CultureInfo.InvariantCulture, $"Task timed out after {after.TotalSeconds:F2} seconds"),
            InvocationEnd.TimedOut);

    /// <summary>The runtime posted a response over the limit (no RequestId: Lambda's wording).</summary>
    public static InvocationResult ResponseTooLarge(int limit)
        => new(ErrorJson.Function(ResponseSizeTooLarge, $"Response payload size exceeded maximum allowed payload size ({limit} bytes)."),
            Unhandled, InvocationEnd.Answered);

    /// <summary>Go's wording, as Lambda prints it, for a runtime's exit code: "exit status 3", "signal: killed".</summary>
    public static string ExitDescription(int exitCode) => exitCode switch
    {
        137 => "signal: killed",
        143 => "signal: terminated",
        134 => "signal: aborted",
        139 => "signal: segmentation fault",
        130 => "signal: interrupt",
        _ => $"exit status {exitCode}",
    };

    private static InvocationResult Error(string errorType, string requestId, string message, InvocationEnd end)
        => new(ErrorJson.Function(errorType, Prefix(requestId) + message), Unhandled, end);

    private static string Prefix(string requestId) => $"RequestId: {requestId} Error: ";
}
