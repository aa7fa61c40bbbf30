using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>
/// The Runtime API 2018-06-01 (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html). Each execution
/// environment has its own port, so the calling environment is the one owning the request's local port.
/// </summary>
public static class RuntimeApiRoutes
{
    public static IEndpointRouteBuilder MapRuntimeApi(this IEndpointRouteBuilder app)
    {
        var runtime = app.MapGroup("/2018-06-01/runtime");
        runtime.MapGet("/invocation/next", NextInvocation.HandleAsync);
        runtime.MapPost("/invocation/{requestId}/response", InvocationResponseAsync);
        runtime.MapPost("/invocation/{requestId}/error", InvocationErrorAsync);
        runtime.MapPost("/init/error", InitErrorAsync);
        return app;
    }

    internal static ExecutionEnvironment? CallingEnvironment(HttpContext context, SlotPool pool)
        => pool.FindByPort(context.Connection.LocalPort);

    private static async Task InvocationResponseAsync(HttpContext context, string requestId, SlotPool pool)
    {
        if (CallingEnvironment(context, pool) is not { } environment)
        {
            await RuntimeApiErrors.UnknownEnvironment(context);
            return;
        }
        var body = await BodyReader.ReadAsync(context.Request, RuntimeApiErrors.MaxResponseBytes);
        var outcome = environment.Answer(requestId, () => body.TooLarge
            ? InvocationResult.Error("Function.ResponseSizeTooLarge",
                $"Response payload size exceeded maximum allowed payload size ({RuntimeApiErrors.MaxResponseBytes} bytes).",
                InvocationEnd.Answered)
            : InvocationResult.Success(body.Bytes!));
        await ((outcome, body.TooLarge) switch
        {
            (RuntimeCallOutcome.Accepted, true) => RuntimeApiErrors.RequestEntityTooLarge(context),
            (RuntimeCallOutcome.Accepted, false) => RuntimeApiErrors.Accepted(context),
            (RuntimeCallOutcome.InvalidRequestId, _) => RuntimeApiErrors.InvalidRequestId(context),
            _ => RuntimeApiErrors.InvalidStateTransition(context, "RuntimeResponseSentState", "InvocationResponse"),
        });
    }

    private static async Task InvocationErrorAsync(HttpContext context, string requestId, SlotPool pool)
    {
        if (CallingEnvironment(context, pool) is not { } environment)
        {
            await RuntimeApiErrors.UnknownEnvironment(context);
            return;
        }
        var body = await BodyReader.ReadAsync(context.Request, RuntimeApiErrors.MaxResponseBytes);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        var outcome = environment.Answer(requestId,
            () => InvocationResult.RuntimeError(body.Bytes ?? [], errorType, InvocationEnd.Answered));
        await (outcome switch
        {
            RuntimeCallOutcome.Accepted => RuntimeApiErrors.Accepted(context),
            RuntimeCallOutcome.InvalidRequestId => RuntimeApiErrors.InvalidRequestId(context),
            _ => RuntimeApiErrors.InvalidStateTransition(context, "RuntimeResponseSentState", "InvocationErrorResponse"),
        });
    }

    private static async Task InitErrorAsync(HttpContext context, SlotPool pool)
    {
        if (CallingEnvironment(context, pool) is not { } environment)
        {
            await RuntimeApiErrors.UnknownEnvironment(context);
            return;
        }
        var body = await BodyReader.ReadAsync(context.Request, RuntimeApiErrors.MaxResponseBytes);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        var outcome = environment.InitError(body.Bytes ?? [], errorType);
        await (outcome == RuntimeCallOutcome.Accepted
            ? RuntimeApiErrors.Accepted(context)
            : RuntimeApiErrors.InvalidStateTransition(context, "Ready", "InitError"));
    }
}
