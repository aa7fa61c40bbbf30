using System.Text;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Events;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Http;
using Lambda.BashRuntime.Emulator.Logs;
using Lambda.BashRuntime.Emulator.Security;
using Lambda.BashRuntime.Emulator.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lambda.BashRuntime.Emulator.InvokeApi;

/// <summary>
/// Invoke (Lambda API 2015-03-31): POST /2015-03-31/functions/{FunctionName}/invocations, answered as Lambda answers.
/// A function error is a 200 with X-Amz-Function-Error (never a 5xx: SDKs retry those).
/// </summary>
public static class InvokeRoutes
{
    public const int MaxSyncPayloadBytes = 6 * 1024 * 1024;
    public const int MaxAsyncPayloadBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapInvokeApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/2015-03-31/functions/{functionName}/invocations", InvokeAsync);
        app.MapPost("/2021-11-15/functions/{functionName}/response-streaming-invocations", StreamingInvokeRoute.InvokeAsync);
        return app;
    }

    private static async Task InvokeAsync(
        HttpContext context, string functionName, FunctionRegistry registry, Invoker invoker, EventQueue events,
        EmulatorOptions options, ControlPlaneState state, ReservedConcurrency reserved)
    {
        try
        {
            var request = await ReadAsync(context, functionName, registry, options, state);
            await (request.InvocationType switch
            {
                "DryRun" => DryRunAsync(context),
                "Event" => EnqueueAsync(context, request, invoker, events),
                _ => RunAsync(context, request, invoker, reserved),
            });
        }
        catch (AwsException error)
        {
            await ErrorResponses.AwsAsync(context, error);
        }
    }

    /// <summary>An invoke request Lambda would accept: how it is invoked, and its invocation (function, event, context).</summary>
    internal sealed record InvokeRequest(string InvocationType, Invocation Invocation, string FunctionKey, int? ReservedConcurrency);

    /// <summary>Checks the function, qualifier, invocation type, size and JSON, in Lambda's order; throws what it answers.</summary>
    internal static async Task<InvokeRequest> ReadAsync(
        HttpContext context, string functionName, FunctionRegistry registry, EmulatorOptions options, ControlPlaneState state,
        bool streamsToCaller = false)
    {
        var request = context.Request;
        var name = FunctionNames.Parse(functionName).Name;
        var qualifier = request.Query["Qualifier"].FirstOrDefault() ?? FunctionNames.Parse(functionName).Qualifier;
        var region = context.Features.Get<SigV4Authorization>()?.Region ?? options.Region;
        if (FunctionNames.Unreachable(functionName, options.AccountId, region) is { } unreachable)
        {
            throw AwsException.ResourceNotFound(unreachable);
        }
        // The function of the request's region, and the version its qualifier names ($LATEST, a number, an alias).
        var function = registry.Find(name, region, qualifier);
        if (function is null)
        {
            var exists = registry.Find(name, region, null) is not null;
            var arn = AwsFormat.FunctionArn(region, options.AccountId, name);
            var hint = exists
                ? " Check the qualifier: a version that list-versions-by-function shows, or an alias that list-aliases shows."
                : " Create it with create-function (or the Deploy target), or check the name with list-functions.";
            throw AwsException.ResourceNotFound($"Function not found: {arn}{(qualifier is null ? "" : ":" + qualifier)}.{hint}");
        }
        var record = state.Current.Functions.GetValueOrDefault(ControlPlaneSnapshot.Key(region, name));
        var version = record is not null && long.TryParse(function.Version, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var number) ? record.Versions.GetValueOrDefault(number) : null;
        if (record?.IsPending(DateTimeOffset.UtcNow) == true || version?.IsPending(DateTimeOffset.UtcNow) == true)
        {
            throw FunctionStates.Pending(); // Lambda does not invoke a function (or a new version) while it is Pending
        }

        var invocationType = request.Headers["X-Amz-Invocation-Type"].FirstOrDefault() ?? "RequestResponse";
        if (invocationType is not ("RequestResponse" or "Event" or "DryRun"))
        {
            throw AwsException.InvalidParameter(
                $"1 validation error detected: Value '{invocationType}' at 'invocationType' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        var limit = invocationType == "Event" ? MaxAsyncPayloadBytes : MaxSyncPayloadBytes;
        var body = await BodyReader.ReadAsync(request, limit);
        if (body.TooLarge)
        {
            throw AwsException.RequestEntityTooLarge(
                $"{body.Length} byte payload is too large for the {invocationType} invocation type (limit {limit} bytes)");
        }
        var payload = body.Bytes!.Length == 0 ? "{}"u8.ToArray() : body.Bytes;
        if (JsonPayload.Validate(payload) is { } problem)
        {
            throw AwsException.InvalidRequestContent("Could not parse request body into json: " + problem);
        }
        if (!TryDecodeClientContext(request.Headers["X-Amz-Client-Context"].FirstOrDefault(), out var clientContext))
        {
            throw AwsException.InvalidRequestContent("Client context must be a valid Base64-encoded JSON object.");
        }
        var invokedArn = function.FunctionArn + (qualifier is null ? "" : ":" + qualifier);
        return new InvokeRequest(invocationType, new Invocation(function, invokedArn, payload)
        {
            ClientContext = clientContext,
            StreamsToCaller = streamsToCaller,
            Source = InvokeSource.Api(streamsToCaller),
            TraceId = Invocation.TraceIdFrom(request.Headers["X-Amzn-Trace-Id"].FirstOrDefault()),
            Trace = Tracing.TraceHeaders.Requested(request), // emulator-only: LocalLambda's Trace option
        }, ControlPlaneSnapshot.Key(region, name), record?.ReservedConcurrency);
    }

    internal static Task DryRunAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>Event: queued on disk and answered 202; the EventDispatcher runs it later.</summary>
    private static Task EnqueueAsync(HttpContext context, InvokeRequest request, Invoker invoker, EventQueue events)
    {
        if (invoker.IsDraining)
        {
            throw ShuttingDown();
        }
        var response = context.Response;
        response.Headers["X-Amzn-RequestId"] = request.Invocation.RequestId;
        bool queued;
        try
        {
            queued = events.TryEnqueue(request.Invocation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DiskErrors.Service("queue the Event invoke", e); // not queued, not counted: the caller may retry
        }
        if (!queued)
        {
            response.Headers["Retry-After"] = "1";
            throw AwsException.TooManyRequests(
                $"Too many queued Event invokes: the local emulator keeps at most {events.Limit} Event invokes waiting or running. "
                + "Retry after some have run, or invoke with --invocation-type RequestResponse.");
        }
        response.StatusCode = StatusCodes.Status202Accepted;
        return Task.CompletedTask;
    }

    /// <summary>RequestResponse: runs now (429 with every slot busy) and answers the payload as the function sent it.</summary>
    private static async Task RunAsync(HttpContext context, InvokeRequest request, Invoker invoker, ReservedConcurrency reserved)
    {
        var response = context.Response;
        response.Headers["X-Amzn-RequestId"] = request.Invocation.RequestId;
        if (!reserved.TryEnter(request.FunctionKey, request.ReservedConcurrency))
        {
            response.Headers["Retry-After"] = "1";
            throw AwsException.TooManyRequests("Rate Exceeded.", reason: "ReservedFunctionConcurrentInvocationLimitExceeded");
        }
        InvokeOutcome outcome;
        try
        {
            outcome = await invoker.InvokeAsync(request.Invocation);
        }
        finally
        {
            reserved.Exit(request.FunctionKey);
        }
        if (outcome.IsThrottled)
        {
            response.Headers["Retry-After"] = "1";
            throw AwsException.TooManyRequests("Rate Exceeded.", reason: "ReservedFunctionConcurrentInvocationLimitExceeded");
        }
        if (outcome.IsShuttingDown)
        {
            throw ShuttingDown();
        }
        var result = outcome.Result!;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers["X-Amz-Executed-Version"] = request.Invocation.Function.Version;
        if (result.FunctionError is { } functionError)
        {
            response.Headers["X-Amz-Function-Error"] = functionError;
        }
        if (string.Equals(context.Request.Headers["X-Amz-Log-Type"].FirstOrDefault(), "Tail", StringComparison.Ordinal))
        {
            response.Headers["X-Amz-Log-Result"] = InvocationLog.Tail(outcome.Log);
        }
        Tracing.TraceHeaders.Answer(response, request.Invocation);
        response.ContentType = "application/json";
        response.ContentLength = result.Payload.Length;
        await response.Body.WriteAsync(result.Payload);
    }

    internal static AwsException ShuttingDown() => AwsException.Service("The local Lambda emulator is shutting down.", 503);

    private static bool TryDecodeClientContext(string? header, out string? clientContext)
    {
        clientContext = null;
        if (string.IsNullOrEmpty(header))
        {
            return true;
        }
        try
        {
            clientContext = Encoding.UTF8.GetString(Convert.FromBase64String(header));
            return JsonPayload.Validate(Encoding.UTF8.GetBytes(clientContext)) is null;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
