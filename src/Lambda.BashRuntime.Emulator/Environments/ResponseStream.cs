using System.Threading.Channels;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// A streamed answer on its way from the runtime (a chunked /response with Lambda-Runtime-Function-Response-Mode:
/// streaming) to the caller (InvokeWithResponseStream or a RESPONSE_STREAM function URL): the chunks in the order the
/// runtime wrote them, handed over one by one and never gathered, then how the stream ended. A few chunks in flight at
/// most, so a slow caller slows the runtime down (TCP back-pressure) rather than filling the emulator's memory; a
/// caller that went away stops that: its chunks are dropped from then on, and the function runs to its end (as on AWS,
/// where a client's disconnect neither stops nor interrupts a streamed response), freeing its slot then.
/// </summary>
public sealed class ResponseStream(string contentType)
{
    private readonly Channel<ReadOnlyMemory<byte>> _chunks = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<StreamEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cut = new();
    private volatile bool _callerGone;

    /// <summary>The Content-Type the runtime posted with (application/vnd.awslambda.http-integration-response: a prelude first).</summary>
    public string ContentType { get; } = contentType;

    /// <summary>The chunks, as the runtime wrote them; completed once the stream has ended.</summary>
    public ChannelReader<ReadOnlyMemory<byte>> Chunks => _chunks.Reader;

    /// <summary>How the stream ended: completed after the last chunk was handed over.</summary>
    public Task<StreamEnd> Ended => _ended.Task;

    /// <summary>Cancelled when the invoke ended the stream itself (timeout, the runtime died): the runtime's upload is cut.</summary>
    public CancellationToken Cut => _cut.Token;

    /// <summary>Bytes the runtime has written so far.</summary>
    public long Length { get; private set; }

    /// <summary>What the runtime wrote, capped, for the web console's history (whoever reads the chunks, or none).</summary>
    public StreamTranscript Transcript { get; } = new();

    /// <summary>The runtime wrote a chunk: waits while the caller is behind (a few chunks), never once it is gone.</summary>
    internal async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk)
    {
        Length += chunk.Length;
        Transcript.Append(chunk.Span);
        if (_callerGone)
        {
            return;
        }
        try
        {
            await _chunks.Writer.WriteAsync(chunk, _cut.Token);
        }
        catch (ChannelClosedException)
        {
            // ended meanwhile (timeout): the upload is being cut
        }
    }

    /// <summary>The runtime's side is done (all of the body read, its trailers too): the caller gets the end after the last chunk.</summary>
    internal void Finish(StreamEnd end)
    {
        if (_ended.TrySetResult(end))
        {
            _chunks.Writer.TryComplete();
        }
    }

    /// <summary>The invoke ended it first (timeout, runtime exit): the caller is told, the runtime's upload is cut.</summary>
    public void Fail(StreamEnd end)
    {
        Finish(end);
        _cut.Cancel();
    }

    /// <summary>The caller went away: what the runtime still writes is read and dropped, so it runs to its end.</summary>
    public void CallerGone()
    {
        _callerGone = true;
        while (_chunks.Reader.TryRead(out _))
        {
            // unblock a runtime waiting for room
        }
    }
}

/// <summary>How a streamed answer ended: cleanly (no ErrorType), or with the error the caller gets in InvokeComplete.</summary>
public sealed record StreamEnd(string? ErrorType, string? ErrorDetails)
{
    public static readonly StreamEnd Complete = new(null, null);
    public bool IsError => ErrorType is not null;
}
