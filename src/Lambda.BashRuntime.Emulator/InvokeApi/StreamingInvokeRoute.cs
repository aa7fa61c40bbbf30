using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Logs;

namespace Lambda.BashRuntime.Emulator.InvokeApi;

/// <summary>
/// InvokeWithResponseStream: POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations. Checked as
/// Invoke is (InvocationType RequestResponse or DryRun only), then answered 200 application/vnd.amazon.eventstream:
/// a PayloadChunk event for each chunk as the function writes it, then one InvokeComplete event (ErrorCode and
/// ErrorDetails when it failed, LogResult with X-Amz-Log-Type: Tail). A function that answers buffered gets its
/// payload in one PayloadChunk; an error before any chunk (the runtime posted /error, a timeout, a crash) has none,
/// and ErrorCode is then X-Amz-Function-Error's value (Unhandled) with the error body as ErrorDetails; an error after
/// some chunks has the error type the runtime's trailer named, and its decoded body.
/// </summary>
internal static class StreamingInvokeRoute
{
    public const string ContentType = "application/vnd.amazon.eventstream";

    public static async Task InvokeAsync(
        HttpContext context, string functionName, FunctionRegistry registry, Invoker invoker, EmulatorOptions options,
        Storage.ControlPlaneState state)
    {
        try
        {
            var invocationType = context.Request.Headers["X-Amz-Invocation-Type"].FirstOrDefault() ?? "RequestResponse";
            if (invocationType is not ("RequestResponse" or "DryRun"))
            {
                throw AwsException.InvalidParameter(
                    $"1 validation error detected: Value '{invocationType}' at 'invocationType' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [RequestResponse, DryRun]");
            }
            var request = await InvokeRoutes.ReadAsync(context, functionName, registry, options, state, streamsToCaller: true);
            if (invocationType == "DryRun")
            {
                await InvokeRoutes.DryRunAsync(context);
                return;
            }
            await RunAsync(context, request.Invocation, invoker);
        }
        catch (AwsException error)
        {
            await ErrorResponses.AwsAsync(context, error);
        }
    }

    private static async Task RunAsync(HttpContext context, Invocation invocation, Invoker invoker)
    {
        var response = context.Response;
        response.Headers["X-Amzn-RequestId"] = invocation.RequestId;
        var started = await StreamingInvoke.StartAsync(invoker, invocation);
        if (started.Stream is not { } stream)
        {
            var outcome = await started.Invoke;
            if (outcome.IsThrottled)
            {
                response.Headers["Retry-After"] = "1";
                throw AwsException.TooManyRequests("Rate Exceeded.", reason: "ReservedFunctionConcurrentInvocationLimitExceeded");
            }
            if (outcome.IsShuttingDown)
            {
                throw InvokeRoutes.ShuttingDown();
            }
            await StartAsync(context, invocation);
            var result = outcome.Result!;
            if (!result.IsError && result.Payload.Length > 0)
            {
                await WriteAsync(context, PayloadChunk(result.Payload));
            }
            await WriteAsync(context, InvokeComplete(result.FunctionError, result.IsError ? Encoding.UTF8.GetString(result.Payload) : null, context, outcome));
            return;
        }

        try
        {
            await StartAsync(context, invocation);
            await foreach (var chunk in stream.Chunks.ReadAllAsync(context.RequestAborted))
            {
                // Sent at once, unless more is already waiting: those go in the same flush (nothing is held back).
                await context.Response.Body.WriteAsync(PayloadChunk(chunk.Span), context.RequestAborted);
                if (!stream.Chunks.TryPeek(out _))
                {
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            var end = await stream.Ended;
            var outcome = await started.Invoke; // the log is complete once the invoke is
            await WriteAsync(context, InvokeComplete(end.ErrorType, end.ErrorDetails, context, outcome));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            stream.CallerGone(); // the function runs on to its end (AWS neither stops nor interrupts it), its slot freed then
            await started.Invoke;
        }
    }

    /// <summary>The answer's head, sent now (Kestrel's StartAsync alone keeps it until the first body bytes).</summary>
    private static async Task StartAsync(HttpContext context, Invocation invocation)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers["X-Amz-Executed-Version"] = invocation.Function.Version;
        await response.StartAsync(context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext context, byte[] message)
    {
        await context.Response.Body.WriteAsync(message, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted); // each event leaves now, not when a buffer fills
    }

    private static byte[] PayloadChunk(ReadOnlySpan<byte> payload)
        => EventStreamWriter.Event("PayloadChunk", "application/octet-stream", payload);

    private static byte[] InvokeComplete(string? errorCode, string? errorDetails, HttpContext context, InvokeOutcome outcome)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (errorCode is not null)
            {
                json.WriteString("ErrorCode", errorCode);
                json.WriteString("ErrorDetails", errorDetails ?? "");
            }
            if (string.Equals(context.Request.Headers["X-Amz-Log-Type"].FirstOrDefault(), "Tail", StringComparison.Ordinal))
            {
                json.WriteString("LogResult", InvocationLog.Tail(outcome.Log));
            }
            json.WriteEndObject();
        }
        return EventStreamWriter.Event("InvokeComplete", "application/json", buffer.ToArray());
    }
}
