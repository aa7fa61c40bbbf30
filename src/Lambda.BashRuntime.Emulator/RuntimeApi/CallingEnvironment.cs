using Lambda.BashRuntime.Emulator.Environments;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>
/// Which execution environment is calling: each has its own Runtime API port, so it is the one owning the port the
/// request arrived on. Checked once for every Runtime API route, before the handler reads the body or changes any
/// state; a port no environment owns (a killed predecessor's late call) gets 403 and nothing else happens.
/// </summary>
internal static class CallingEnvironment
{
    private static readonly object Key = new();

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var pool = context.RequestServices.GetRequiredService<SlotPool>();
        if (pool.FindByPort(context.Connection.LocalPort) is not { } environment)
        {
            await RuntimeApiErrors.UnknownEnvironment(context);
            return Results.Empty;
        }
        context.Items[Key] = environment;
        return await next(invocation);
    }

    /// <summary>The environment the filter found for this request.</summary>
    public static ExecutionEnvironment Of(HttpContext context) => (ExecutionEnvironment)context.Items[Key]!;
}
