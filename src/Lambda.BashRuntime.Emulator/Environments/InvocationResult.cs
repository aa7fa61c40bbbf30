using Lambda.BashRuntime.Emulator.Errors;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// How an invocation ended: the payload bytes exactly as the runtime sent them, or an error (those the emulator
/// reports itself come from <see cref="FunctionErrors"/>).
/// </summary>
public sealed record InvocationResult(byte[] Payload, string? FunctionError, InvocationEnd End)
{
    public bool IsError => FunctionError is not null;

    /// <summary>The platform's log line for an error it reports itself ("RequestId: ... Error: ..."), and its type.</summary>
    public string? LogLine { get; init; }
    public string? LogErrorType { get; init; }

    public static InvocationResult Success(byte[] payload) => new(payload, null, InvocationEnd.Answered);

    /// <summary>A streamed answer (response streaming): its chunks reach the caller through <see cref="Stream"/>, not Payload.</summary>
    public ResponseStream? Stream { get; init; }

    public static InvocationResult Streaming(ResponseStream stream) => new([], null, InvocationEnd.Answered) { Stream = stream };

    /// <summary>
    /// An error the runtime posted itself (/invocation/id/error, /init/error): its body passes through byte for byte,
    /// JSON or not, as the Runtime Interface Emulator forwards it (rapi/handler/invocationerror.go sends the body it
    /// read, whatever its Content-Type). Only an empty body, which would leave the caller nothing, becomes the error
    /// type the runtime named in Lambda-Runtime-Function-Error-Type.
    /// </summary>
    public static InvocationResult RuntimeError(byte[] body, string? errorTypeHeader, InvocationEnd end)
        => new(body.Length > 0 ? body : ErrorJson.Function(errorTypeHeader ?? FunctionErrors.Unhandled, ""), FunctionErrors.Unhandled, end);
}

/// <summary>Why an invocation ended; anything but Answered means the environment cannot be reused.</summary>
public enum InvocationEnd
{
    Answered,
    InitFailed,
    RuntimeExited,
    TimedOut,
    /// <summary>The environment went past its MemorySize (its memory cgroup's OOM killer fired).</summary>
    OutOfMemory,
}
