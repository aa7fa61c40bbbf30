namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// What a streamed answer carried, kept for the web console's history as it passes (the caller reads the chunks
/// themselves): all of it up to <see cref="KeptBytes"/>, else its first quarter and its last three quarters, the way
/// the history caps every text. Written by the runtime's one upload, read once the stream has ended.
/// </summary>
public sealed class StreamTranscript
{
    /// <summary>The history's cap on one text (WebConsole.InvokeHistory.MaxTextBytes).</summary>
    public const int KeptBytes = 64 * 1024;

    private const int HeadBytes = KeptBytes / 4;
    private const int TailBytes = KeptBytes - HeadBytes;

    private byte[]? _head;
    private int _headLength;
    private byte[]? _tail; // a ring of the last TailBytes after the head
    private int _tailStart;
    private int _tailLength;

    /// <summary>All the bytes written, kept or not.</summary>
    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        Length += chunk.Length;
        if (_headLength < HeadBytes)
        {
            _head ??= new byte[HeadBytes];
            var take = Math.Min(chunk.Length, HeadBytes - _headLength);
            chunk[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
            chunk = chunk[take..];
        }
        if (chunk.IsEmpty)
        {
            return;
        }
        _tail ??= new byte[TailBytes];
        if (chunk.Length >= TailBytes)
        {
            chunk[^TailBytes..].CopyTo(_tail);
            (_tailStart, _tailLength) = (0, TailBytes);
            return;
        }
        // At most two copies: up to the ring's end, then from its start; the oldest bytes are overwritten.
        var end = (_tailStart + _tailLength) % TailBytes;
        var first = Math.Min(chunk.Length, TailBytes - end);
        chunk[..first].CopyTo(_tail.AsSpan(end));
        chunk[first..].CopyTo(_tail);
        var overflow = Math.Max(0, _tailLength + chunk.Length - TailBytes);
        _tailLength = Math.Min(TailBytes, _tailLength + chunk.Length);
        _tailStart = (_tailStart + overflow) % TailBytes;
    }

    /// <summary>The first bytes kept, and the last (everything after the head when nothing was left out).</summary>
    public (byte[] Head, byte[] Tail) Kept()
    {
        var tail = new byte[_tailLength];
        if (_tail is not null)
        {
            var first = Math.Min(_tailLength, TailBytes - _tailStart);
            _tail.AsSpan(_tailStart, first).CopyTo(tail);
            _tail.AsSpan(0, _tailLength - first).CopyTo(tail.AsSpan(first));
        }
        return (_head is null ? [] : _head[.._headLength], tail);
    }
}
