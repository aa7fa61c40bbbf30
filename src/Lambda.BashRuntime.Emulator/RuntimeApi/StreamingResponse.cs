using System.Text;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Errors;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>
/// POST /runtime/invocation/{id}/response with Lambda-Runtime-Function-Response-Mode: streaming (runtimes-custom.html,
/// "Response streaming"): the body, usually chunked, is forwarded to the caller a chunk at a time as it arrives; an
/// error after some chunks comes in the Lambda-Runtime-Function-Error-Type and -Error-Body (base64) trailers. The mode
/// header is read as Lambda's Runtime Interface Emulator reads it: "streaming" or "buffered" in any case, anything
/// else refused with 400 InvalidFunctionResponseMode (and the invoke fails with Runtime.InvalidResponseModeHeader).
/// </summary>
internal static class StreamingResponse
{
    public const string ModeHeader = "Lambda-Runtime-Function-Response-Mode";
    public const string ErrorBodyTrailer = "Lambda-Runtime-Function-Error-Body";
    public const string InvalidModeError = "Runtime.InvalidResponseModeHeader";
    public const string TruncatedError = "Runtime.TruncatedResponse";

    /// <summary>
    /// A streamed answer may be 200 MB (configuration-response-streaming.html; it was a 20 MB soft limit before 2025);
    /// past it the stream ends with Function.ResponseSizeTooLarge. AWS's bandwidth cap past the first 6 MB (2 MB/s)
    /// is not imitated: locally a stream goes as fast as the caller reads it.
    /// </summary>
    public const long MaxStreamedBytes = 200L * 1024 * 1024;

    private const int ReadSize = 64 * 1024;

    public enum Mode { Buffered, Streaming, Invalid }

    public static Mode ModeOf(HttpRequest request)
        => request.Headers[ModeHeader].FirstOrDefault() switch
        {
            null or "" => Mode.Buffered,
            var value when value.Equals("buffered", StringComparison.OrdinalIgnoreCase) => Mode.Buffered,
            var value when value.Equals("streaming", StringComparison.OrdinalIgnoreCase) => Mode.Streaming,
            _ => Mode.Invalid,
        };

    /// <summary>A mode RIE does not know: the invoke fails, the runtime gets 400.</summary>
    public static async Task RefuseModeAsync(HttpContext context, ExecutionEnvironment environment, string requestId)
    {
        var outcome = environment.Answer(requestId, () => InvocationResult.RuntimeError(
            ErrorJson.Function(InvalidModeError, $"Invalid {ModeHeader}: use streaming or buffered."), InvalidModeError, InvocationEnd.Answered));
        await (outcome switch
        {
            RuntimeCallOutcome.Accepted => RuntimeApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                "InvalidFunctionResponseMode", "Invalid function response mode"),
            RuntimeCallOutcome.InvalidRequestId => RuntimeApiErrors.InvalidRequestId(context),
            _ => RuntimeApiErrors.InvalidStateTransition(context, "RuntimeResponseSentState", "InvocationResponse"),
        });
    }

    public static async Task HandleAsync(HttpContext context, ExecutionEnvironment environment, string requestId)
    {
        var request = context.Request;
        var stream = new ResponseStream(request.ContentType ?? "application/octet-stream");
        var outcome = environment.Answer(requestId, () => InvocationResult.Streaming(stream));
        if (outcome != RuntimeCallOutcome.Accepted)
        {
            await (outcome == RuntimeCallOutcome.InvalidRequestId
                ? RuntimeApiErrors.InvalidRequestId(context)
                : RuntimeApiErrors.InvalidStateTransition(context, "RuntimeResponseSentState", "InvocationResponse"));
            return;
        }
        // A stream may pause for as long as the function runs (an event every few seconds): Kestrel's minimum request
        // body rate (240 bytes/s after 5 s) would cut it off as a slow upload, so it is off for this one.
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }
        try
        {
            while (true)
            {
                var buffer = new byte[ReadSize]; // each chunk is handed over, not copied: a buffer of its own
                var read = await request.Body.ReadAsync(buffer, stream.Cut);
                if (read == 0)
                {
                    break;
                }
                if (stream.Length + read > MaxStreamedBytes)
                {
                    stream.Finish(new StreamEnd(FunctionErrors.ResponseSizeTooLarge,
                        $"Response payload size exceeded maximum allowed payload size ({MaxStreamedBytes} bytes)."));
                    await RuntimeApiErrors.WriteAsync(context, StatusCodes.Status413RequestEntityTooLarge, "RequestEntityTooLarge",
                        $"Exceeded maximum allowed payload size ({MaxStreamedBytes} bytes).");
                    return;
                }
                await stream.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (OperationCanceledException) when (stream.Cut.IsCancellationRequested)
        {
            context.Abort(); // the invoke ended first (timed out): the runtime's upload is cut off
            return;
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or ConnectionResetException)
        {
            // The runtime's connection broke before the end of its body (it died, or curl was killed).
            stream.Finish(new StreamEnd(TruncatedError, "The runtime's streamed response ended before its last chunk."));
            return;
        }
        stream.Finish(ReadTrailers(request));
        await RuntimeApiErrors.Accepted(context);
    }

    /// <summary>The error trailers, if the runtime sent them: its type, and its body (base64 of JSON, decoded when it is).</summary>
    private static StreamEnd ReadTrailers(HttpRequest request)
    {
        if (!request.SupportsTrailers() || !request.CheckTrailersAvailable())
        {
            return StreamEnd.Complete;
        }
        var errorType = request.GetTrailer(RuntimeApiErrors.ErrorTypeHeader).FirstOrDefault();
        if (string.IsNullOrEmpty(errorType))
        {
            return StreamEnd.Complete;
        }
        var body = request.GetTrailer(ErrorBodyTrailer).FirstOrDefault() ?? "";
        return new StreamEnd(errorType, DecodeBase64(body) ?? body);
    }

    private static string? DecodeBase64(string value)
    {
        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var length))
        {
            return null;
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
