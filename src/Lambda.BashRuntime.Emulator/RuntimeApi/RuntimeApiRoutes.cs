using Lambda.BashRuntime.Emulator.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>
/// The Runtime API 2018-06-01 (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): one handler per file,
/// each reached only once <see cref="CallingEnvironment"/> has found the execution environment making the call. Four
/// fixed paths, so a plain middleware matches them rather than endpoint routing: the `invoke` verb then starts no
/// routing machinery at all (its start-up is JIT compilation, README "Start-up").
/// </summary>
public static class RuntimeApiRoutes
{
    public static IApplicationBuilder UseRuntimeApi(this IApplicationBuilder app)
        => app.Use(next => context => DispatchAsync(context, next));

    private static Task DispatchAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(RequestGuard.RuntimeApiPrefix, StringComparison.Ordinal))
        {
            return next(context);
        }
        var route = path.AsSpan(RequestGuard.RuntimeApiPrefix.Length);
        if (route.SequenceEqual("invocation/next"))
        {
            return Allowed(context, HttpMethods.Get) ? WithEnvironment(context, e => NextInvocation.HandleAsync(context, e)) : Task.CompletedTask;
        }
        if (route.SequenceEqual("init/error"))
        {
            return Allowed(context, HttpMethods.Post) ? WithEnvironment(context, e => InitError.HandleAsync(context, e)) : Task.CompletedTask;
        }
        // invocation/{requestId}/response and invocation/{requestId}/error
        if (route.StartsWith("invocation/") && route[11..] is var rest && rest.IndexOf('/') is > 0 and var slash
            && rest[(slash + 1)..] is var action && (action.SequenceEqual("response") || action.SequenceEqual("error")))
        {
            var requestId = rest[..slash].ToString();
            var isResponse = action.SequenceEqual("response");
            return Allowed(context, HttpMethods.Post)
                ? WithEnvironment(context, e => isResponse
                    ? InvocationResponse.HandleAsync(context, e, requestId)
                    : InvocationError.HandleAsync(context, e, requestId))
                : Task.CompletedTask;
        }
        return next(context); // no such Runtime API path: 404
    }

    /// <summary>405 with Allow for a known path called with another method, as routing answered it.</summary>
    private static bool Allowed(HttpContext context, string method)
    {
        if (string.Equals(context.Request.Method, method, StringComparison.Ordinal))
        {
            return true;
        }
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = method;
        return false;
    }

    private static Task WithEnvironment(HttpContext context, Func<Environments.ExecutionEnvironment, Task> handler)
        => CallingEnvironment.Find(context) is { } environment ? handler(environment) : RuntimeApiErrors.UnknownEnvironment(context);
}
