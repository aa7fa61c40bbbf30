using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>One entry as the zip's central directory records it, which is what unzip and Lambda read.</summary>
public sealed record ZipEntryRecord(string Name, int HostSystem, int UnixMode, DateTime LastWrite, byte[] Content)
{
    public string Text => Encoding.UTF8.GetString(Content);
}

/// <summary>Reads a zip's central directory byte by byte, independently of the code under test.</summary>
public static class ZipCentralDirectory
{
    public static IReadOnlyList<ZipEntryRecord> Read(byte[] zip)
    {
        var end = zip.Length - 22;
        while (end >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end)) != 0x06054b50)
        {
            end--;
        }
        Assert.True(end >= 0, "no end of central directory record");
        int count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        var offset = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));

        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new List<ZipEntryRecord>();
        for (var i = 0; i < count; i++)
        {
            var header = zip.AsSpan(offset);
            Assert.Equal(0x02014b50u, BinaryPrimitives.ReadUInt32LittleEndian(header));
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            var name = Encoding.UTF8.GetString(header.Slice(46, nameLength));
            var external = BinaryPrimitives.ReadUInt32LittleEndian(header[38..]);
            var content = new MemoryStream();
            using (var stream = archive.GetEntry(name)!.Open())
            {
                stream.CopyTo(content);
            }
            entries.Add(new ZipEntryRecord(name, header[5], (int)(external >> 16), archive.GetEntry(name)!.LastWriteTime.DateTime, content.ToArray()));
            offset += 46 + nameLength + BinaryPrimitives.ReadUInt16LittleEndian(header[30..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
        }
        return entries;
    }
}
