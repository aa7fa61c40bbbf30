using Microsoft.AspNetCore.Routing;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>
/// The Runtime API 2018-06-01 (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): one handler per file,
/// each reached only once <see cref="CallingEnvironment"/> has found the execution environment making the call.
/// </summary>
public static class RuntimeApiRoutes
{
    public static IEndpointRouteBuilder MapRuntimeApi(this IEndpointRouteBuilder app)
    {
        var runtime = app.MapGroup("/2018-06-01/runtime").AddEndpointFilter(CallingEnvironment.FilterAsync);
        runtime.MapGet("/invocation/next", NextInvocation.HandleAsync);
        runtime.MapPost("/invocation/{requestId}/response", InvocationResponse.HandleAsync);
        runtime.MapPost("/invocation/{requestId}/error", InvocationError.HandleAsync);
        runtime.MapPost("/init/error", InitError.HandleAsync);
        return app;
    }
}
