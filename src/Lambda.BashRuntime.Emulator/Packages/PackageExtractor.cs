using System.IO.Compression;

namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>
/// Unpacks a function or layer zip into a folder as Lambda does: Unix modes kept (a bootstrap without its run bit
/// fails here as it fails on AWS), and nothing written outside the destination.
/// </summary>
public static class PackageExtractor
{
    public static void Extract(Stream zip, string destination)
    {
        Directory.CreateDirectory(destination);
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        foreach (var entry in archive.Entries)
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"zip entry '{entry.FullName}' points outside the package root.");
            }
            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(target);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
            var mode = (entry.ExternalAttributes >> 16) & 0xFFF;
            if (!OperatingSystem.IsWindows())
            {
                // Entries without Unix attributes (made on Windows by other tools) get 0644, as Lambda gives them.
                File.SetUnixFileMode(target, mode == 0 ? (UnixFileMode)0b110_100_100 : (UnixFileMode)mode);
            }
        }
    }
}
