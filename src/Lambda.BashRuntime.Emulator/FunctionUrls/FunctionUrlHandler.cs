using System.Collections.Concurrent;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Http;
using Lambda.BashRuntime.Emulator.Security;
using Lambda.BashRuntime.Emulator.Storage;
using Lambda.BashRuntime.Emulator.WebConsole;
using Microsoft.Extensions.Logging;

namespace Lambda.BashRuntime.Emulator.FunctionUrls;

/// <summary>
/// Serves one request to a function URL: the URL's current config (so update-function-url-config applies at once),
/// its resource policy for AuthType NONE, CORS, the payload 2.0 event, the invoke, and the mapped answer. A function
/// error (the handler failed, timed out or crashed) is answered 502, as LocalStack does (the AWS docs do not say).
/// </summary>
public sealed class FunctionUrlHandler(
    ControlPlaneState state, FunctionRegistry registry, Invoker invoker, ControlPlaneOptions options, ILogger<FunctionUrlHandler> logger)
{
    /// <summary>Lambda's limit on a synchronous request payload.</summary>
    public const int MaxRequestBytes = 6 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context, FunctionUrlTarget target)
    {
        if (RequestTarget.Of(context).IsAsterisk)
        {
            // OPTIONS * asks about the server, not a resource: no function answers it.
            await ErrorResponses.FunctionUrlAsync(context, new AwsException("BadRequestException", 400, "Bad Request"));
            return;
        }
        var record = state.Current.Functions.GetValueOrDefault(ControlPlaneSnapshot.Key(target.Region, target.FunctionName));
        if (record is null || !record.Urls.TryGetValue(target.Qualifier, out var url)
            || registry.Find(target.FunctionName, target.Region, target.Qualifier.Length == 0 ? null : target.Qualifier) is not { } function)
        {
            await ErrorResponses.FunctionUrlAsync(context, AwsException.ResourceNotFound("Not Found"));
            return;
        }
        if (url.AuthType == FunctionUrlValidation.None && !FunctionPolicy.AllowsPublicUrl(record.Aliases.GetValueOrDefault(target.Qualifier)?.Permissions ?? record.Permissions))
        {
            WarnOnce($"policy:{url.Port}",
                $"Refused a request to the public function URL {url.Url} of {record.FunctionName} with 403, as AWS does: its resource policy "
                + "must let anyone call it. Add both statements: aws lambda add-permission --function-name NAME --statement-id FunctionURLAllowPublicAccess "
                + "--action lambda:InvokeFunctionUrl --principal '*' --function-url-auth-type NONE, and the same with --statement-id "
                + "FunctionURLInvokeAllowPublicAccess --action lambda:InvokeFunction --invoked-via-function-url (or run the FunctionUrl target).");
            await ErrorResponses.FunctionUrlAsync(context, AwsException.AccessDenied("Forbidden"));
            return;
        }
        if (url.Cors is { } cors && FunctionUrlCors.IsPreflight(context.Request))
        {
            FunctionUrlCors.AnswerPreflight(context, cors);
            return;
        }
        var body = await BodyReader.ReadAsync(context.Request, MaxRequestBytes);
        if (body.TooLarge)
        {
            await ErrorResponses.FunctionUrlAsync(context, AwsException.RequestEntityTooLarge($"Request must be smaller than {MaxRequestBytes} bytes for the InvokeFunction operation"));
            return;
        }
        var invocation = NewInvocation(context, function, record, url, body.Bytes!);
        InvokeOutcome outcome;
        if (invocation.StreamsToCaller)
        {
            // RESPONSE_STREAM: a streamed answer goes to the client as it comes; a buffered one is mapped below.
            var started = await StreamingInvoke.StartAsync(invoker, invocation);
            if (started.Stream is { } stream)
            {
                await new StreamingUrlResponse(context, url, logger).WriteAsync(invocation, stream, started.Invoke);
                return;
            }
            outcome = await started.Invoke;
        }
        else
        {
            outcome = await invoker.InvokeAsync(invocation);
        }
        context.Response.Headers["X-Amzn-RequestId"] = invocation.RequestId;
        if (outcome.IsThrottled)
        {
            await ErrorResponses.FunctionUrlAsync(context, AwsException.TooManyRequests("Rate Exceeded."));
            return;
        }
        if (outcome.IsShuttingDown)
        {
            await ErrorResponses.FunctionUrlAsync(context, AwsException.Service("Service Unavailable", 503));
            return;
        }
        var result = outcome.Result!;
        var (answer, problem) = result.IsError ? (null, null) : FunctionUrlResponse.FromPayload(result.Payload);
        if (answer is null)
        {
            if (problem is not null)
            {
                logger.LogWarning("Function URL {Url} of {Function} answered 502: {Problem}.", url.Url, record.FunctionName, problem);
            }
            await ErrorResponses.FunctionUrlAsync(context, AwsException.BadGateway("Internal Server Error"));
            return;
        }
        try
        {
            await WriteAsync(context, answer, url.Cors);
        }
        catch (InvalidOperationException e) when (!context.Response.HasStarted)
        {
            // Kestrel refused what the function described (the mapping checks what it knows of): still the promised
            // 502 and its reason, never a bare 500 that the URL server's empty log would swallow.
            logger.LogWarning("Function URL {Url} of {Function} answered 502: the answer cannot be sent ({Problem}).", url.Url, record.FunctionName, e.Message);
            context.Response.Clear();
            context.Response.Headers["X-Amzn-RequestId"] = invocation.RequestId;
            await ErrorResponses.FunctionUrlAsync(context, AwsException.BadGateway("Internal Server Error"));
        }
    }

    private Invocation NewInvocation(HttpContext context, FunctionDefinition function, FunctionRecord record, FunctionUrlRecord url, byte[] body)
    {
        var requestId = Guid.NewGuid().ToString("D");
        var traceId = Invocation.NewTraceId();
        var caller = url.AuthType == FunctionUrlValidation.AwsIam ? context.Features.Get<SigV4Authorization>() : null;
        var payload = FunctionUrlEvent.Build(context, body,
            new FunctionUrlEvent.Context(url, options.AccountId, requestId, traceId, DateTimeOffset.UtcNow, caller));
        var invokedArn = AwsFormat.FunctionArn(record.Region, options.AccountId, record.FunctionName)
            + (url.Qualifier.Length == 0 ? "" : ":" + url.Qualifier);
        return new Invocation(function, invokedArn, payload)
        {
            RequestId = requestId, TraceId = traceId, StreamsToCaller = url.InvokeMode == FunctionUrlValidation.ResponseStream,
            Source = InvokeSource.FunctionUrl(context.Request.Method, context.Request.Path.Value + context.Request.QueryString.Value),
        };
    }

    private static async Task WriteAsync(HttpContext context, FunctionUrlResponse answer, Cors? cors)
    {
        WriteHead(context, answer, cors);
        if (!FunctionUrlResponse.AllowsBody(answer.StatusCode))
        {
            return; // FromPayload refused a body for it; Kestrel refuses even a Content-Length: 0
        }
        context.Response.ContentLength = answer.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(answer.Body);
        }
    }

    /// <summary>The status, headers, cookies and CORS headers of an answer (a streamed one's too, from its prelude).</summary>
    internal static void WriteHead(HttpContext context, FunctionUrlResponse answer, Cors? cors)
    {
        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        foreach (var (name, value) in answer.Headers)
        {
            if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                if (!ConsoleAccess.IsConsoleCookie(value))
                {
                    response.Headers.Append("Set-Cookie", value);
                }
            }
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[name] = value;
            }
        }
        // A function must not set (or overwrite, logging the person out) the web console's cookie: same host, so same jar.
        foreach (var cookie in answer.Cookies.Where(c => !ConsoleAccess.IsConsoleCookie(c)))
        {
            response.Headers.Append("Set-Cookie", cookie);
        }
        if (cors is not null)
        {
            FunctionUrlCors.ApplyToAnswer(context, cors);
        }
    }

    private void WarnOnce(string key, string message)
    {
        if (_warned.Count < 256 && _warned.TryAdd(key, true))
        {
            logger.LogWarning("{Message}", message);
        }
    }
}
