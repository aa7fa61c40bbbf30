using System.IO.Compression;

namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>Reads and checks a zip's central directory before anything is written: names, types and total size.</summary>
internal static class ZipEntries
{
    public enum EntryType { File, Directory, SymbolicLink }

    public sealed record Entry(ZipArchiveEntry Archive, string Path, EntryType Type, int Mode, long Length);

    /// <param name="unixHosts">Per entry, whether it was made on a Unix host (see <see cref="ZipHosts"/>); null: unknown.</param>
    public static List<Entry> Read(ZipArchive archive, bool[]? unixHosts, long maxUnpackedBytes)
    {
        if (unixHosts is not null && unixHosts.Length != archive.Entries.Count)
        {
            unixHosts = null;
        }
        var index = 0;
        var entries = new List<Entry>();
        long declared = 0;
        if (archive.Entries.Count > PackageLimits.MaxEntries)
        {
            throw new PackageException(PackageLimits.TooManyEntries(archive.Entries.Count)); // an end record that understated it
        }
        foreach (var zipEntry in archive.Entries)
        {
            var name = Normalize(zipEntry.FullName);
            var madeOnUnix = unixHosts?[index++] ?? true;
            var unixMode = madeOnUnix ? (int)((uint)zipEntry.ExternalAttributes >> 16) : 0;
            var type = TypeOf(zipEntry.FullName, unixMode, name);
            if (type == EntryType.File)
            {
                declared += zipEntry.Length;
                if (declared > maxUnpackedBytes)
                {
                    throw new PackageException(
                        $"Unzipped size must be smaller than {maxUnpackedBytes} bytes. Make the package smaller (move dependencies into layers, drop unused files).");
                }
            }
            if (name.Length > 0)
            {
                entries.Add(new Entry(zipEntry, name, type, unixMode & 0xFFF, zipEntry.Length));
            }
        }
        return entries;
    }

    private static string Normalize(string fullName)
    {
        var name = fullName.Replace('\\', '/');
        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':') || name.Contains('\0'))
        {
            throw new PackageException($"The zip entry '{fullName}' has an absolute path. Zip the package from inside its folder so entries are relative.");
        }
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Contains(".."))
        {
            throw new PackageException($"The zip entry '{fullName}' contains '..' and would be written outside the package root. Remove it from the zip.");
        }
        return string.Join('/', parts.Where(p => p != "."));
    }

    private static EntryType TypeOf(string fullName, int unixMode, string name)
    {
        if (PackageExtractor.IsSymbolicLink(unixMode))
        {
            return EntryType.SymbolicLink;
        }
        if (fullName.EndsWith('/') || fullName.EndsWith('\\') || PackageExtractor.IsDirectory(unixMode))
        {
            return EntryType.Directory;
        }
        if (!PackageExtractor.IsRegularOrUnset(unixMode))
        {
            throw new PackageException($"The zip entry '{name}' is a special file (device, FIFO or socket). Packages may hold only files, folders and symbolic links.");
        }
        return EntryType.File;
    }
}
