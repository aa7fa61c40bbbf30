using System.Buffers.Binary;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>Reads application/vnd.amazon.eventstream messages off a response body one at a time, by their length prefix.</summary>
public static class EventStreamMessages
{
    /// <summary>One whole message: waits for its bytes only, not for the rest of the stream.</summary>
    public static async Task<byte[]> ReadMessageAsync(Stream body)
    {
        var prelude = new byte[4];
        await body.ReadExactlyAsync(prelude);
        var message = new byte[BinaryPrimitives.ReadUInt32BigEndian(prelude)];
        prelude.CopyTo(message, 0);
        await body.ReadExactlyAsync(message.AsMemory(4));
        return message;
    }

    /// <summary>The payload of one message: past the 12-byte prelude and the headers, before the message CRC.</summary>
    public static byte[] MessagePayload(byte[] message)
        => message[(12 + (int)BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(4)))..^4];

    public static async Task<byte[]> ReadToEndAsync(Stream body)
    {
        using var all = new MemoryStream();
        await body.CopyToAsync(all);
        return all.ToArray();
    }
}
