using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Http;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>POST /runtime/init/error: the runtime could not start; the invocation that started it fails with this body.</summary>
internal static class InitError
{
    public static async Task HandleAsync(HttpContext context, ExecutionEnvironment environment)
    {
        var body = await BodyReader.ReadAsync(context.Request, RuntimeApiErrors.MaxResponseBytes);
        var errorType = context.Request.Headers[RuntimeApiErrors.ErrorTypeHeader].FirstOrDefault();
        var outcome = environment.InitError(body.Bytes ?? [], errorType);
        await (outcome == RuntimeCallOutcome.Accepted
            ? RuntimeApiErrors.Accepted(context)
            : RuntimeApiErrors.InvalidStateTransition(context, "Ready", "InitError"));
    }
}
