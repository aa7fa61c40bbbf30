using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Http;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>POST /runtime/invocation/{id}/error: the function failed; its error body is what the caller gets.</summary>
internal static class InvocationError
{
    public static async Task HandleAsync(HttpContext context, ExecutionEnvironment environment, string requestId)
    {
        var body = await BodyReader.ReadAsync(context.Request, RuntimeApiErrors.MaxResponseBytes);
        var errorType = context.Request.Headers[RuntimeApiErrors.ErrorTypeHeader].FirstOrDefault();
        var outcome = environment.Answer(requestId,
            () => InvocationResult.RuntimeError(body.Bytes ?? [], errorType, InvocationEnd.Answered));
        await (outcome switch
        {
            RuntimeCallOutcome.Accepted => RuntimeApiErrors.Accepted(context),
            RuntimeCallOutcome.InvalidRequestId => RuntimeApiErrors.InvalidRequestId(context),
            _ => RuntimeApiErrors.InvalidStateTransition(context, "RuntimeResponseSentState", "InvocationErrorResponse"),
        });
    }
}
