using Lambda.BashRuntime.Emulator.Environments;
using Microsoft.AspNetCore.Http;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>
/// Which execution environment is calling: each has its own Runtime API port, so it is the one owning the port the
/// request arrived on. Asked once for every Runtime API call, before the handler reads the body or changes any state;
/// a port no environment owns (a killed predecessor's late call) gets 403 and nothing else happens.
/// </summary>
internal static class CallingEnvironment
{
    public static ExecutionEnvironment? Find(HttpContext context)
        => context.RequestServices.GetRequiredService<SlotPool>().FindByPort(context.Connection.LocalPort);
}
