using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.Errors;

/// <summary>The three error bodies Lambda writes, each in one place.</summary>
public static class ErrorJson
{
    /// <summary>
    /// Field spelling of the service model: Lambda (and the model) say "Message" for these errors and "message" for
    /// the others; the CLI reads either.
    /// </summary>
    private static readonly HashSet<string> CapitalMessage = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "ServiceException", "ResourceInUseException", "InvalidRuntimeException",
        "InvalidZipFileException",
    };

    /// <summary>
    /// <c>{"errorType","errorMessage"}</c>: a function's error (the Invoke answer with X-Amz-Function-Error) and the
    /// Runtime API's own error answers to the runtime.
    /// </summary>
    public static byte[] Function(string errorType, string errorMessage) => Write(json =>
    {
        json.WriteString("errorType", errorType);
        json.WriteString("errorMessage", errorMessage);
    });

    /// <summary>
    /// <c>{"Reason"?,"Type","message"}</c>: a service error of the Invoke API and the control plane, "Type" being
    /// "Service" for a 5xx and "User" otherwise.
    /// </summary>
    public static byte[] Service(AwsException error) => Write(json =>
    {
        if (error.Reason is not null)
        {
            json.WriteString("Reason", error.Reason);
        }
        json.WriteString("Type", error.StatusCode >= 500 ? "Service" : "User");
        json.WriteString(CapitalMessage.Contains(error.ErrorType) ? "Message" : "message", error.Message);
    });

    /// <summary><c>{"Message"}</c>: what a function URL answers to browsers and curl (403 "Forbidden", 502 "Internal Server Error").</summary>
    public static byte[] FunctionUrl(AwsException error) => Write(json => json.WriteString("Message", error.Message));

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
