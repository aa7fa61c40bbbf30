using System.Text.Json;
using System.Text.Json.Nodes;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;
using Microsoft.Extensions.Logging;

namespace Lambda.BashRuntime.Emulator.FunctionUrls;

/// <summary>
/// A streamed answer of a RESPONSE_STREAM function URL, sent to the client chunked as the function writes it. A
/// runtime that posts with Content-Type application/vnd.awslambda.http-integration-response starts its stream with
/// the prelude of AWS's streaming HTTP integration (what Node's awslambda.HttpResponseStream.from writes): a JSON
/// object (statusCode, default 200; headers; cookies), then 8 NUL bytes, then the body. Without it the answer is a 200
/// whose Content-Type is the one the runtime posted with. An error after some of the body (the runtime's error
/// trailers, a timeout, a crash) cuts the connection, so the client sees an incomplete chunked answer rather than a
/// complete one; before any of it, the client gets the URL's 502.
/// </summary>
internal sealed class StreamingUrlResponse(HttpContext context, FunctionUrlRecord url, ILogger logger)
{
    public const string PreludeContentType = "application/vnd.awslambda.http-integration-response";

    /// <summary>A prelude longer than this without its delimiter is refused (AWS documents no limit; 64 KB is far past any use).</summary>
    public const int MaxPreludeBytes = 64 * 1024;

    private static readonly byte[] Delimiter = new byte[8];

    public async Task WriteAsync(Invocation invocation, ResponseStream stream, Task<InvokeOutcome> invoke)
    {
        var response = context.Response;
        response.Headers["X-Amzn-RequestId"] = invocation.RequestId;
        var expectsPrelude = stream.ContentType.StartsWith(PreludeContentType, StringComparison.OrdinalIgnoreCase);
        var prelude = new List<byte>();
        var started = false;
        var sendsBody = !HttpMethods.IsHead(context.Request.Method);
        try
        {
            if (!expectsPrelude)
            {
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = stream.ContentType;
                FunctionUrlHandler.WriteHead(context, new FunctionUrlResponse(200, [("Content-Type", stream.ContentType)], [], []), url.Cors);
                await response.StartAsync(context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted); // the head leaves now, before any of the body
                started = true;
            }
            await foreach (var chunk in stream.Chunks.ReadAllAsync(context.RequestAborted))
            {
                var body = chunk;
                if (!started)
                {
                    prelude.AddRange(chunk.Span);
                    var at = IndexOf(prelude, Delimiter);
                    if (at < 0)
                    {
                        if (prelude.Count > MaxPreludeBytes)
                        {
                            await BadGatewayAsync(invocation, stream, $"its streamed answer has no prelude delimiter (8 NUL bytes) in its first {MaxPreludeBytes} bytes");
                            return;
                        }
                        continue;
                    }
                    var (answer, problem) = Prelude(prelude.GetRange(0, at).ToArray());
                    if (answer is null)
                    {
                        await BadGatewayAsync(invocation, stream, problem!);
                        return;
                    }
                    FunctionUrlHandler.WriteHead(context, answer, url.Cors);
                    sendsBody &= FunctionUrlResponse.AllowsBody(answer.StatusCode);
                    await response.StartAsync(context.RequestAborted);
                    await response.Body.FlushAsync(context.RequestAborted);
                    started = true;
                    body = prelude.Skip(at + Delimiter.Length).ToArray();
                }
                if (sendsBody && body.Length > 0)
                {
                    await response.Body.WriteAsync(body, context.RequestAborted);
                    if (!stream.Chunks.TryPeek(out _))
                    {
                        await response.Body.FlushAsync(context.RequestAborted); // leaves now, unless more is already waiting
                    }
                }
            }
            var end = await stream.Ended;
            await invoke;
            if (end.IsError)
            {
                logger.LogWarning("Function URL {Url}: the streamed answer ended with {Error}; the connection is cut.", url.Url, end.ErrorType);
                if (!started)
                {
                    response.Headers.Clear();
                    response.Headers["X-Amzn-RequestId"] = invocation.RequestId;
                    await ErrorResponses.FunctionUrlAsync(context, AwsException.BadGateway("Internal Server Error"));
                    return;
                }
                context.Abort();
                return;
            }
            if (!started)
            {
                await BadGatewayAsync(invocation, stream, "its streamed answer ended before the prelude delimiter (8 NUL bytes)");
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            stream.CallerGone(); // the function runs on to its end, as on AWS; its slot is freed then
            await invoke;
        }
    }

    private async Task BadGatewayAsync(Invocation invocation, ResponseStream stream, string problem)
    {
        logger.LogWarning("Function URL {Url} answered 502: {Problem}.", url.Url, problem);
        stream.CallerGone();
        context.Response.Headers.Clear();
        context.Response.Headers["X-Amzn-RequestId"] = invocation.RequestId;
        await ErrorResponses.FunctionUrlAsync(context, AwsException.BadGateway("Internal Server Error"));
    }

    /// <summary>The prelude read as a response description without a body (statusCode 200 when it has none).</summary>
    private static (FunctionUrlResponse?, string?) Prelude(byte[] json)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            root = null;
        }
        if (root is null)
        {
            return (null, "its streamed answer's prelude is not a JSON object such as {\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\"}}");
        }
        root["statusCode"] ??= 200;
        root.Remove("body");
        root.Remove("isBase64Encoded");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            root.WriteTo(writer);
        }
        return FunctionUrlResponse.FromPayload(buffer.ToArray());
    }

    private static int IndexOf(List<byte> bytes, byte[] pattern)
    {
        for (var i = 0; i + pattern.Length <= bytes.Count; i++)
        {
            var match = true;
            for (var j = 0; j < pattern.Length && match; j++)
            {
                match = bytes[i + j] == pattern[j];
            }
            if (match)
            {
                return i;
            }
        }
        return -1;
    }
}
