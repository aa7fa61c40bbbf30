using System.Buffers.Binary;

namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>
/// The "version made by" host of each central-directory entry, which .NET does not expose. Unzippers on Linux (and
/// Lambda) read Unix modes only from entries made on a Unix host: a zip written on Windows carries no run bit even
/// when its attributes look like it does, so a bootstrap zipped there fails with "permission denied".
/// </summary>
internal static class ZipHosts
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint CentralDirectoryHeader = 0x02014b50;
    private const uint Zip64Locator = 0x07064b50;
    private const byte Unix = 3;
    private const byte Darwin = 19;

    /// <summary>True when entry <c>i</c> (central-directory order) may carry a Unix mode; null when unknown (ZIP64).</summary>
    public static bool[]? UnixModes(Stream zip)
    {
        if (!zip.CanSeek)
        {
            return null;
        }
        var start = zip.Position;
        try
        {
            var (tail, end) = ReadEndOfCentralDirectory(zip);
            if (end < 0 || end + 22 > tail.Length)
            {
                return null;
            }
            int count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
            if (count == 0xFFFF || size == 0xFFFFFFFF || offset == 0xFFFFFFFF || offset + (long)size > zip.Length)
            {
                return null;
            }
            var directory = new byte[size];
            zip.Position = offset;
            zip.ReadExactly(directory);
            var result = new bool[count];
            var position = 0;
            for (var i = 0; i < count; i++)
            {
                if (position + 46 > directory.Length || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(position)) != CentralDirectoryHeader)
                {
                    return null;
                }
                var host = directory[position + 5];
                result[i] = host is Unix or Darwin;
                position += 46
                    + BinaryPrimitives.ReadUInt16LittleEndian(directory.AsSpan(position + 28))
                    + BinaryPrimitives.ReadUInt16LittleEndian(directory.AsSpan(position + 30))
                    + BinaryPrimitives.ReadUInt16LittleEndian(directory.AsSpan(position + 32));
            }
            return result;
        }
        catch (EndOfStreamException)
        {
            return null; // ZipArchive reports the corruption itself.
        }
        finally
        {
            zip.Position = start;
        }
    }

    /// <summary>
    /// The entry count the end-of-central-directory record declares (its ZIP64 form included), read before .NET loads
    /// every entry; null when the zip has no readable end record (ZipArchive then reports the corruption).
    /// </summary>
    public static long? DeclaredEntryCount(Stream zip)
    {
        if (!zip.CanSeek)
        {
            return null;
        }
        var start = zip.Position;
        try
        {
            var (tail, end) = ReadEndOfCentralDirectory(zip);
            if (end < 0)
            {
                return null;
            }
            long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
            var locator = end - 20;
            if (count == 0xFFFF && locator >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(locator)) == Zip64Locator)
            {
                var record = new byte[40];
                zip.Position = (long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(locator + 8));
                zip.ReadExactly(record);
                count = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)), long.MaxValue);
            }
            return count;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentOutOfRangeException)
        {
            return null;
        }
        finally
        {
            zip.Position = start;
        }
    }

    /// <summary>
    /// The zip's last 65,557 bytes (the end record, 22 bytes, plus the longest comment) and where the end record starts
    /// in them, -1 when there is none. Moves the stream: callers restore its position.
    /// </summary>
    private static (byte[] Tail, int End) ReadEndOfCentralDirectory(Stream zip)
    {
        var tail = new byte[(int)Math.Min(zip.Length, 65_557)];
        zip.Position = zip.Length - tail.Length;
        zip.ReadExactly(tail);
        return (tail, LastIndexOf(tail, EndOfCentralDirectory));
    }

    private static int LastIndexOf(byte[] buffer, uint signature)
    {
        for (var i = buffer.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) == signature)
            {
                return i;
            }
        }
        return -1;
    }
}
