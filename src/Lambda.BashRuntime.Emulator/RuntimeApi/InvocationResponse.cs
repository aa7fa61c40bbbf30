using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Http;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>POST /runtime/invocation/{id}/response: the function's answer, passed through byte for byte.</summary>
internal static class InvocationResponse
{
    public static async Task HandleAsync(HttpContext context, ExecutionEnvironment environment, string requestId)
    {
        // Response streaming (its mode header) is read as a stream, in its own handler.
        switch (StreamingResponse.ModeOf(context.Request))
        {
            case StreamingResponse.Mode.Streaming:
                await StreamingResponse.HandleAsync(context, environment, requestId);
                return;
            case StreamingResponse.Mode.Invalid:
                await StreamingResponse.RefuseModeAsync(context, environment, requestId);
                return;
        }
        var body = await BodyReader.ReadAsync(context.Request, RuntimeApiErrors.MaxResponseBytes);
        var outcome = environment.Answer(requestId, () => body.TooLarge
            ? FunctionErrors.ResponseTooLarge(RuntimeApiErrors.MaxResponseBytes)
            : InvocationResult.Success(body.Bytes!));
        await ((outcome, body.TooLarge) switch
        {
            (RuntimeCallOutcome.Accepted, true) => RuntimeApiErrors.RequestEntityTooLarge(context),
            (RuntimeCallOutcome.Accepted, false) => RuntimeApiErrors.Accepted(context),
            (RuntimeCallOutcome.InvalidRequestId, _) => RuntimeApiErrors.InvalidRequestId(context),
            _ => RuntimeApiErrors.InvalidStateTransition(context, "RuntimeResponseSentState", "InvocationResponse"),
        });
    }
}
