using System.Collections.Concurrent;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Http;
using Lambda.BashRuntime.Emulator.RuntimeApi;
using Lambda.BashRuntime.Emulator.WebConsole;
using Microsoft.Extensions.Logging;

namespace Lambda.BashRuntime.Emulator.Security;

/// <summary>
/// The first middleware of every listener, before routing and before any state changes: a request is served only if
/// its Host (and the host of an absolute-form target, http://host:port/path) names this emulator (DNS rebinding), and then
/// - on the Invoke API / control-plane port, only if it carries a SigV4 Authorization header, which the AWS CLI and
///   SDKs always send and a web page cannot send without a CORS preflight (never allowed: no CORS headers are sent);
///   signed with a function's own credentials (<see cref="FunctionCredentials"/>), only with their session token, and
///   only invokes and reads unless --allow-function-writes (<see cref="FunctionRequests"/>);
/// - on a Runtime API port, only if it is a Runtime API request without browser headers (a runtime never sends them);
/// - on a function URL port with AuthType AWS_IAM, only if it carries a SigV4 Authorization header (as on AWS, where
///   the signature is verified; here only its form is checked);
/// - on a function URL port with AuthType NONE, with no further check here: such a URL is meant for browsers. It sends
///   CORS headers only as its Cors configuration says (FunctionUrls/FunctionUrlCors), and its resource policy is checked
///   by the URL's handler.
/// - under /console/ (the web console, when served), only by ConsoleAccess's rules: same origin, and the console's
///   secret for its API.
/// </summary>
public sealed class RequestGuard(
    RequestDelegate next, Listeners listeners, HostNames hostNames, ConsoleAccess consoleAccess, FunctionCredentials credentials,
    RuntimeConnections runtimeConnections, Hosting.EmulatorOptions options, ILogger<RequestGuard> logger)
{
    public const string RuntimeApiPrefix = "/2018-06-01/runtime/";
    private static readonly string[] BrowserHeaders = ["Origin", "Sec-Fetch-Site", "Sec-Fetch-Mode"];
    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.Ordinal);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var port = context.Connection.LocalPort;
        var kind = listeners.KindOf(port, request.Path);
        if (kind == ListenerKind.Unknown)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        // An absolute-form target names the host itself, and a server must use it instead of Host (RFC 9112 3.2.2):
        // both are checked, so neither can carry a name that is not this emulator's.
        var authority = RequestTarget.Of(context).Authority;
        if (!hostNames.IsAccepted(request.Host.Value, port) || (authority is not null && !hostNames.IsAccepted(authority, port)))
        {
            var host = authority ?? (request.Host.HasValue ? request.Host.Value : "(none)");
            return RefuseAsync(context, kind, 403, kind is ListenerKind.RuntimeApi ? "ForbiddenHost" : "AccessDeniedException",
                $"Host '{host}' is not this emulator's address (127.0.0.1:{port} or localhost:{port}), so the request "
                + "was refused (DNS rebinding protection). To reach the emulator through a forwarded name, start it with "
                + "--allowed-host NAME.",
                $"host:{host}");
        }
        return kind switch
        {
            ListenerKind.AwsApi or ListenerKind.FunctionUrlIam => GuardSignedAsync(context, kind),
            ListenerKind.FunctionUrlPublic => next(context),
            ListenerKind.WebConsole => GuardWebConsoleAsync(context),
            _ => GuardRuntimeApiAsync(context),
        };
    }

    private Task GuardWebConsoleAsync(HttpContext context)
    {
        if (consoleAccess.Refusal(context) is { } refusal)
        {
            return RefuseAsync(context, ListenerKind.WebConsole, refusal.Status, refusal.ErrorType, refusal.Message, "console:" + refusal.ErrorType);
        }
        return next(context);
    }

    private Task GuardSignedAsync(HttpContext context, ListenerKind kind)
    {
        var headers = context.Request.Headers;
        var (authorization, problem) = SigV4Authorization.Parse(
            headers.Authorization.ToString(), headers.ContainsKey("X-Amz-Date") || headers.ContainsKey("Date"));
        if (problem is not null)
        {
            return RefuseAsync(context, kind, 403, problem.ErrorType, problem.Message, $"sigv4:{kind}:{problem.ErrorType}");
        }
        if (credentials.Find(authorization!.AccessKeyId) is { } caller)
        {
            var token = System.Text.Encoding.UTF8.GetBytes(headers["X-Amz-Security-Token"].ToString());
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(token, System.Text.Encoding.UTF8.GetBytes(caller.SessionToken)))
            {
                return RefuseAsync(context, kind, 403, "UnrecognizedClientException",
                    "The security token included in the request is invalid.", $"token:{kind}");
            }
            var request = context.Request;
            if (kind == ListenerKind.AwsApi && !options.AllowFunctionWrites
                && FunctionRequests.RefusedAction(request.Method, request.Path.Value ?? "/") is { } action)
            {
                var resource = FunctionRequests.Resource(request.Path.Value ?? "/", authorization.Region, options.AccountId);
                return RefuseAsync(context, kind, 403, "AccessDeniedException",
                    FunctionRequests.AccessDeniedMessage(caller.Principal, action, resource), $"function-write:{action}");
            }
        }
        else if (kind == ListenerKind.AwsApi && !options.AllowFunctionWrites
            && FunctionRequests.RefusedAction(context.Request.Method, context.Request.Path.Value ?? "/") is { } action
            && runtimeConnections.FunctionOf(context.Connection.RemotePort, context.Connection.LocalPort) is { } function)
        {
            // Made-up credentials from inside an environment: the function's all the same.
            var resource = FunctionRequests.Resource(context.Request.Path.Value ?? "/", authorization.Region, options.AccountId);
            return RefuseAsync(context, kind, 403, "AccessDeniedException",
                FunctionRequests.AccessDeniedMessage($"a process of function {function}'s execution environment", action, resource),
                $"function-write:{action}");
        }
        context.Features.Set(authorization);
        return next(context);
    }

    private Task GuardRuntimeApiAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(RuntimeApiPrefix.TrimEnd('/'), StringComparison.Ordinal))
        {
            return RefuseAsync(context, ListenerKind.RuntimeApi, 404, "NotFound",
                $"This port serves the Runtime API ({RuntimeApiPrefix}...) of one execution environment only.", null);
        }
        if (BrowserHeaders.FirstOrDefault(context.Request.Headers.ContainsKey) is { } header)
        {
            return RefuseAsync(context, ListenerKind.RuntimeApi, 403, "ForbiddenRequest",
                $"The Runtime API refuses requests with browser headers ({header}): a runtime never sends them.",
                "browser:" + header);
        }
        return next(context);
    }

    private Task RefuseAsync(HttpContext context, ListenerKind kind, int status, string errorType, string message, string? reportKey)
    {
        // One line on the terminal per kind of refusal, so that a flood of refused requests cannot flood it.
        if (reportKey is not null && _reported.Count < 64 && _reported.TryAdd(reportKey, true))
        {
            logger.LogWarning("Refused {Method} {Path} on port {Port}: {Reason}",
                context.Request.Method, context.Request.Path.Value, context.Connection.LocalPort, message);
        }
        return kind switch
        {
            ListenerKind.AwsApi => ErrorResponses.AwsAsync(context, new AwsException(errorType, status, message)),
            ListenerKind.FunctionUrlIam or ListenerKind.FunctionUrlPublic => ErrorResponses.FunctionUrlAsync(context, new AwsException(errorType, status, message)),
            ListenerKind.WebConsole => ConsoleAccess.WriteRefusalAsync(context, status, errorType, message),
            _ => RuntimeApiErrors.WriteAsync(context, status, errorType, message),
        };
    }
}
