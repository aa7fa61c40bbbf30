using System.Text;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.InvokeApi;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// The console's invokes: POST api/invoke answers the history entry once the invoke is done (RequestResponse), or 202
/// for a queued Event invoke; POST api/invoke-stream (RequestResponse only) answers the function's answer as it comes,
/// as InvokeWithResponseStream does but in plain bytes (the request id in X-Amzn-RequestId): each chunk of a streamed
/// answer when the function writes it, with the Content-Type the runtime posted it with (the page decodes the prelude of
/// application/vnd.awslambda.http-integration-response), a buffered answer in one piece as application/octet-stream. Its body ends once the
/// invoke has ended and its history entry is there, which the page then reads for the status, the log and the figures.
/// Both are behind <see cref="ConsoleAccess"/> like every console route.
/// </summary>
internal static class ConsoleInvoke
{
    /// <summary>An invoke the console may run, or the answer that refuses it.</summary>
    private readonly record struct Checked(Invocation? Invocation, bool IsEvent, IResult? Refusal);

    public static async Task<IResult> InvokeAsync(
        HttpContext context, FunctionRegistry registry, Invoker invoker, Events.EventQueue events, InvokeHistory history)
    {
        var (invocation, isEvent, refusal) = await ReadAsync(context, registry, streams: false);
        if (invocation is null)
        {
            return refusal!;
        }
        if (isEvent)
        {
            if (invoker.IsDraining)
            {
                return Problem(503, "The emulator is shutting down.");
            }
            return events.TryEnqueue(invocation)
                ? Results.Json(new ConsoleInvokeAccepted(invocation.RequestId), ConsoleJson.Default.ConsoleInvokeAccepted, statusCode: 202)
                : Problem(429, $"Too many queued Event invokes: the local emulator keeps at most {events.Limit} waiting or running.");
        }
        var outcome = await invoker.InvokeAsync(invocation);
        if (outcome.IsThrottled)
        {
            return Throttled();
        }
        return history.Find(invocation.RequestId) is { } entry
            ? Results.Json(entry, ConsoleJson.Default.HistoryEntry)
            : Problem(503, "The emulator is shutting down.");
    }

    public static async Task StreamAsync(HttpContext context, FunctionRegistry registry, Invoker invoker)
    {
        var (invocation, isEvent, refusal) = await ReadAsync(context, registry, streams: true);
        if (invocation is null || isEvent)
        {
            await (refusal ?? Problem(400, "An Event invoke is queued, not streamed: send it to api/invoke.")).ExecuteAsync(context);
            return;
        }
        var response = context.Response;
        response.Headers["X-Amzn-RequestId"] = invocation.RequestId;
        var started = await StreamingInvoke.StartAsync(invoker, invocation);
        if (started.Stream is not { } stream)
        {
            var outcome = await started.Invoke;
            if (outcome.IsThrottled || outcome.IsShuttingDown)
            {
                await (outcome.IsThrottled ? Throttled() : Problem(503, "The emulator is shutting down.")).ExecuteAsync(context);
                return;
            }
            await StartAsync(context, "application/octet-stream");
            await response.Body.WriteAsync(outcome.Result!.Payload, context.RequestAborted);
            return;
        }
        try
        {
            await StartAsync(context, stream.ContentType);
            await foreach (var chunk in stream.Chunks.ReadAllAsync(context.RequestAborted))
            {
                await response.Body.WriteAsync(chunk, context.RequestAborted);
                if (!stream.Chunks.TryPeek(out _))
                {
                    await response.Body.FlushAsync(context.RequestAborted); // now, not when a buffer fills
                }
            }
            await started.Invoke; // the entry is in the history once the invoke has ended: the page reads it next
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            stream.CallerGone(); // the page went away: the function runs to its end, as on AWS
            await started.Invoke;
        }
    }

    private static async Task StartAsync(HttpContext context, string contentType)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType; // nosniff and the console's CSP stay: the page only fetches it
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task<Checked> ReadAsync(HttpContext context, FunctionRegistry registry, bool streams)
    {
        // The event travels as a JSON string inside the request: room for the 6 MB limit plus its escaping.
        var request = await ConsoleRequests.ReadJsonAsync(context.Request, 2 * InvokeRoutes.MaxSyncPayloadBytes, ConsoleJson.Default.ConsoleInvokeRequest);
        if (request is null)
        {
            return Refuse(400, "Expected {\"functionName\": ..., \"invocationType\": ..., \"payload\": \"...\"}.");
        }
        if (registry.Find(request.FunctionName ?? "") is not { } latest)
        {
            return Refuse(404, $"There is no function named '{request.FunctionName}'.");
        }
        var function = request.Qualifier is { Length: > 0 } qualifier ? registry.Find(latest.FunctionName, latest.Region, qualifier) : latest;
        if (function is null)
        {
            return Refuse(404, $"The function '{latest.FunctionName}' has no version or alias '{request.Qualifier}' (any more): "
                + "list-versions-by-function and list-aliases show those it has.");
        }
        var isEvent = request.InvocationType == "Event";
        if (!isEvent && request.InvocationType is not (null or "RequestResponse"))
        {
            return Refuse(400, "InvocationType must be RequestResponse or Event.");
        }
        var payload = Encoding.UTF8.GetBytes(request.Payload ?? "");
        var limit = isEvent ? InvokeRoutes.MaxAsyncPayloadBytes : InvokeRoutes.MaxSyncPayloadBytes;
        if (payload.Length > limit)
        {
            return Refuse(413, $"The event is {payload.Length} bytes; the limit for this invocation type is {limit} bytes.");
        }
        if (JsonPayload.Validate(payload) is { } problem)
        {
            return Refuse(400, $"The event is not JSON: {problem}.");
        }
        var invokedArn = function.FunctionArn + (request.Qualifier is { Length: > 0 } named ? ":" + named : "");
        var invocation = new Invocation(function, invokedArn, payload)
        {
            Trace = request.Trace, StreamsToCaller = streams, Source = InvokeSource.Console,
        };
        return new Checked(invocation, isEvent, null);
    }

    private static Checked Refuse(int status, string message) => new(null, false, Problem(status, message));

    private static IResult Throttled() => Problem(429, "Every execution environment is busy (--max-concurrency): try again in a moment.");

    private static IResult Problem(int status, string message) => ConsoleRequests.Problem(status, message);
}
