using System.Text;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// The invoke's side of response streaming: a streamed answer holds its execution environment until its last chunk
/// (or its error trailers) arrived, within the function's timeout, as on AWS where Duration runs to the stream's end.
/// A caller that does not stream (Invoke, Event invokes, a BUFFERED function URL, the console) gets the chunks
/// gathered into one payload, as Lambda buffers a streaming function invoked with Invoke: up to the 6 MB of a
/// buffered answer.
/// </summary>
internal static class StreamedAnswer
{
    /// <summary>A buffered answer's limit, the Runtime API's for a buffered /response (RuntimeApiErrors.MaxResponseBytes).</summary>
    private const int MaxBufferedBytes = 6 * 1024 * 1024 + 100;

    /// <summary>The result to go on with: the same once the stream has ended, a timeout (and the stream failed) past the deadline.</summary>
    public static async Task<InvocationResult> WaitForEndAsync(Invocation invocation, InvocationResult result)
    {
        if (result.Stream is not { } stream)
        {
            return result;
        }
        var remaining = TimeSpan.FromMilliseconds(
            Math.Max(0, invocation.DeadlineMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        try
        {
            if (!invocation.StreamsToCaller)
            {
                return await GatherAsync(stream).WaitAsync(remaining);
            }
            await stream.Ended.WaitAsync(remaining);
            return result;
        }
        catch (TimeoutException)
        {
            var timedOut = FunctionErrors.TimedOut(invocation.RequestId, TimeSpan.FromSeconds(invocation.Function.TimeoutSeconds));
            stream.Fail(new StreamEnd(FunctionErrors.Timeout, Encoding.UTF8.GetString(timedOut.Payload)));
            return invocation.StreamsToCaller ? timedOut with { Stream = stream } : timedOut;
        }
    }

    private static async Task<InvocationResult> GatherAsync(ResponseStream stream)
    {
        using var buffer = new MemoryStream();
        var tooLarge = false;
        await foreach (var chunk in stream.Chunks.ReadAllAsync())
        {
            tooLarge |= buffer.Length + chunk.Length > MaxBufferedBytes;
            if (!tooLarge)
            {
                buffer.Write(chunk.Span);
            }
        }
        var end = await stream.Ended;
        if (end.IsError)
        {
            return InvocationResult.RuntimeError(Encoding.UTF8.GetBytes(end.ErrorDetails ?? ""), end.ErrorType, InvocationEnd.Answered);
        }
        return tooLarge ? FunctionErrors.ResponseTooLarge(MaxBufferedBytes) : InvocationResult.Success(buffer.ToArray());
    }
}

/// <summary>An invoke whose caller streams: the answer as soon as it begins, and the invoke that goes on meanwhile.</summary>
public sealed record StreamingInvoke(InvocationResult? Answer, Task<InvokeOutcome> Invoke)
{
    /// <summary>The stream, when the runtime streams its answer; null for a buffered answer, an error, or a throttled invoke.</summary>
    public ResponseStream? Stream => Answer?.Stream;

    /// <summary>Starts the invoke and returns when the runtime starts answering, or when the invoke ended without an answer.</summary>
    public static async Task<StreamingInvoke> StartAsync(Invoker invoker, Invocation invocation)
    {
        var invoke = invoker.InvokeAsync(invocation);
        await Task.WhenAny(invoke, invocation.Completion);
        return new StreamingInvoke(invocation.Completion.IsCompletedSuccessfully ? invocation.Completion.Result : null, invoke);
    }
}
