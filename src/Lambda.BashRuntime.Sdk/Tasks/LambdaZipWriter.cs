using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

// Also compiled into the emulator (a linked file), in its own namespace so the two copies never clash.
#if LAMBDA_EMULATOR
namespace Lambda.BashRuntime.Emulator.Packages;
#else
namespace Lambda.BashRuntime.Sdk;
#endif

/// <summary>One file to put in a Lambda zip: its name inside the zip and its content.</summary>
public sealed record LambdaZipEntry(string Name, byte[] Content, bool Executable);

/// <summary>
/// Writes Lambda zips that are the same bytes on every OS: entries in ordinal order, one fixed timestamp, and the
/// central directory marked as made on Unix with mode 0755 (scripts) or 0644 (other files). Without the Unix host
/// byte, unzip on Linux (and Lambda) ignores the mode and bootstrap fails with "permission denied".
/// </summary>
public static class LambdaZipWriter
{
    /// <summary>The earliest time a zip (MS-DOS date) can hold; any fixed value makes the output reproducible.</summary>
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const uint RegularFile = 0x8000;
    private const uint ModeExecutable = RegularFile | 0x1ED; // 0755
    private const uint ModeReadable = RegularFile | 0x1A4;   // 0644
    private const byte HostUnix = 3;
    private const byte ZipSpecVersion = 20;

    public static byte[] Write(IEnumerable<LambdaZipEntry> entries)
    {
        var ordered = entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in ordered)
            {
                var zipEntry = archive.CreateEntry(entry.Name, CompressionLevel.Optimal);
                zipEntry.LastWriteTime = FixedTimestamp;
                using var stream = zipEntry.Open();
                stream.Write(entry.Content, 0, entry.Content.Length);
            }
        }
        var zip = buffer.ToArray();
        MarkUnixModes(zip, ordered.Select(e => e.Executable ? ModeExecutable : ModeReadable).ToList());
        return zip;
    }

    /// <summary>Sets "version made by" to Unix and the external attributes to each entry's mode, in place.</summary>
    private static void MarkUnixModes(byte[] zip, IReadOnlyList<uint> modes)
    {
        // End of central directory record: the last 22 bytes, as ZipArchive writes no archive comment.
        var end = zip.Length - 22;
        if (ReadUInt32(zip, end) != 0x06054b50)
        {
            throw new InvalidDataException("zip end of central directory not found");
        }
        var count = ReadUInt16(zip, end + 10);
        var offset = (int)ReadUInt32(zip, end + 16);
        for (var i = 0; i < count; i++)
        {
            if (ReadUInt32(zip, offset) != 0x02014b50)
            {
                throw new InvalidDataException("zip central directory header not found");
            }
            zip[offset + 4] = ZipSpecVersion;
            zip[offset + 5] = HostUnix;
            WriteUInt32(zip, offset + 38, modes[i] << 16);
            offset += 46 + ReadUInt16(zip, offset + 28) + ReadUInt16(zip, offset + 30) + ReadUInt16(zip, offset + 32);
        }
    }

    private static ushort ReadUInt16(byte[] b, int i) => (ushort)(b[i] | b[i + 1] << 8);

    private static uint ReadUInt32(byte[] b, int i) => (uint)(b[i] | b[i + 1] << 8 | b[i + 2] << 16 | b[i + 3] << 24);

    private static void WriteUInt32(byte[] b, int i, uint value)
    {
        b[i] = (byte)value;
        b[i + 1] = (byte)(value >> 8);
        b[i + 2] = (byte)(value >> 16);
        b[i + 3] = (byte)(value >> 24);
    }
}
