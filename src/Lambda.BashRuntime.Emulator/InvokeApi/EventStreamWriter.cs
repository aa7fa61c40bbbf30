using System.Buffers.Binary;
using System.Text;

namespace Lambda.BashRuntime.Emulator.InvokeApi;

/// <summary>
/// Encodes messages of the application/vnd.amazon.eventstream framing that InvokeWithResponseStream answers with
/// (the AWS SDKs' event streams): a 12-byte prelude (total length, headers length, both big-endian uint32, then the
/// CRC32 of those 8 bytes), the headers (name length byte, name, type 7 = string, value length uint16, value), the
/// payload, and the CRC32 of everything before it. Only string headers: all an event message needs.
/// </summary>
public static class EventStreamWriter
{
    private const byte StringHeader = 7;

    /// <summary>One event message: :event-type, :content-type and :message-type event, then the payload.</summary>
    public static byte[] Event(string eventType, string contentType, ReadOnlySpan<byte> payload)
        => Message([(":event-type", eventType), (":content-type", contentType), (":message-type", "event")], payload);

    public static byte[] Message(IReadOnlyList<(string Name, string Value)> headers, ReadOnlySpan<byte> payload)
    {
        var headersLength = 0;
        foreach (var (name, value) in headers)
        {
            headersLength += 1 + Encoding.UTF8.GetByteCount(name) + 1 + 2 + Encoding.UTF8.GetByteCount(value);
        }
        var total = 12 + headersLength + payload.Length + 4;
        var message = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(message, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), Crc32.Compute(message.AsSpan(0, 8)));
        var at = 12;
        foreach (var (name, value) in headers)
        {
            var nameLength = Encoding.UTF8.GetBytes(name, message.AsSpan(at + 1));
            message[at] = checked((byte)nameLength);
            at += 1 + nameLength;
            message[at++] = StringHeader;
            var valueLength = Encoding.UTF8.GetBytes(value, message.AsSpan(at + 2));
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at), checked((ushort)valueLength));
            at += 2 + valueLength;
        }
        payload.CopyTo(message.AsSpan(at));
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(total - 4), Crc32.Compute(message.AsSpan(0, total - 4)));
        return message;
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the checksum the framing uses.</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        public static uint Compute(ReadOnlySpan<byte> bytes)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in bytes)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }
            return ~crc;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }
                table[n] = c;
            }
            return table;
        }
    }
}
