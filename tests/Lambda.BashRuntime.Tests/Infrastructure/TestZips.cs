using System.IO.Compression;
using System.Text;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>Zips built in memory with Unix modes, as `zip` on Linux makes them (and as attackers craft them).</summary>
public static class TestZips
{
    public const int Executable = 0b1_000_000_111_101_101; // regular file, 0755
    public const int ReadWrite = 0b1_000_000_110_100_100;  // regular file, 0644
    public const int SymbolicLink = 0b1_010_000_111_111_111; // symbolic link, 0777

    public sealed record Entry(string Name, byte[] Content, int Mode);

    public static Entry File(string name, string content, int mode = ReadWrite) => new(name, Encoding.UTF8.GetBytes(content), mode);

    public static Entry File(string name, byte[] content, int mode = ReadWrite) => new(name, content, mode);

    public static Entry Link(string name, string target) => new(name, Encoding.UTF8.GetBytes(target), SymbolicLink);

    public static byte[] Create(params Entry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                var zipEntry = archive.CreateEntry(entry.Name, CompressionLevel.Fastest);
                zipEntry.ExternalAttributes = entry.Mode << 16;
                zipEntry.LastWriteTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = zipEntry.Open();
                stream.Write(entry.Content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A small zip holding one file of <paramref name="megabytes"/> MiB of zeros: a package large once unpacked.</summary>
    public static byte[] Zeros(string name, int megabytes)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            var block = new byte[1 << 20];
            for (var i = 0; i < megabytes; i++)
            {
                entry.Write(block);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The same zip as if written on Windows: every central-directory entry says "made by MS-DOS" (host 0).</summary>
    public static byte[] MadeOnWindows(byte[] zip)
    {
        var copy = (byte[])zip.Clone();
        for (var i = 0; i + 46 <= copy.Length; i++)
        {
            if (copy[i] == 0x50 && copy[i + 1] == 0x4b && copy[i + 2] == 0x01 && copy[i + 3] == 0x02)
            {
                copy[i + 5] = 0;
            }
        }
        return copy;
    }

    /// <summary>Writes the zip to <paramref name="folder"/> and returns its path.</summary>
    public static string Save(string folder, string name, byte[] zip)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllBytes(path, zip);
        return path;
    }
}
