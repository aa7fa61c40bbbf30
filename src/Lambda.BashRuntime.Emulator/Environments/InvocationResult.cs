using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>How an invocation ended: the payload bytes exactly as the runtime sent them, or an AWS-shaped error.</summary>
public sealed record InvocationResult(byte[] Payload, string? FunctionError, InvocationEnd End)
{
    public bool IsError => FunctionError is not null;

    public static InvocationResult Success(byte[] payload) => new(payload, null, InvocationEnd.Answered);

    /// <summary>An error the runtime posted itself (/invocation/id/error, /init/error): its body passes through.</summary>
    public static InvocationResult RuntimeError(byte[] body, string? errorTypeHeader, InvocationEnd end)
        => new(IsJsonObject(body) ? body : ErrorBody(errorTypeHeader ?? "Unhandled", ""), "Unhandled", end);

    /// <summary>An error the emulator reports for the function (exit, timeout, oversized response).</summary>
    public static InvocationResult Error(string errorType, string errorMessage, InvocationEnd end)
        => new(ErrorBody(errorType, errorMessage), "Unhandled", end);

    public static byte[] ErrorBody(string errorType, string errorMessage)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorType", errorType);
            json.WriteString("errorMessage", errorMessage);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static bool IsJsonObject(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
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
