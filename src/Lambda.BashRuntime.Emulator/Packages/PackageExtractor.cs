using System.IO.Compression;

namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>
/// Unpacks a function or layer zip into a folder as Lambda does: Unix modes kept (a bootstrap without its run bit
/// fails here as it fails on AWS), and nothing written outside the destination. Zips are untrusted input: entries
/// with "..", absolute paths, symbolic links that resolve outside the root, corrupt archives and archives that
/// unpack beyond Lambda's 250 MB limit are refused with a <see cref="PackageException"/>.
/// </summary>
public static class PackageExtractor
{
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int SymbolicLink = 0xA000;
    private const UnixFileMode DefaultFileMode = (UnixFileMode)0b110_100_100; // 0644, what Lambda gives mode-less entries

    public static void Extract(Stream zip, string destination)
        => Extract(zip, destination, PackageLimits.MaxUnpackedBytes);

    /// <summary>
    /// Unpacks <paramref name="zip"/> over <paramref name="destination"/> (later layers overwrite earlier ones) and
    /// returns the number of bytes unpacked. Throws <see cref="PackageException"/> when the zip is refused; the
    /// destination may then hold part of the package and should be discarded.
    /// </summary>
    public static long Extract(Stream zip, string destination, long maxUnpackedBytes)
    {
        Directory.CreateDirectory(destination);
        var root = Path.GetFullPath(destination);
        return WithArchive(zip, (archive, unixHosts) =>
        {
            var entries = ZipEntries.Read(archive, unixHosts, maxUnpackedBytes);
            long written = 0;
            var links = new List<(ZipEntries.Entry Entry, string Target)>();
            foreach (var entry in entries)
            {
                switch (entry.Type)
                {
                    case ZipEntries.EntryType.Directory:
                        CreateDirectory(root, entry.Path);
                        break;
                    case ZipEntries.EntryType.File:
                        written += WriteFile(root, entry, maxUnpackedBytes - written);
                        break;
                    default:
                        links.Add((entry, ReadLinkTarget(entry)));
                        break;
                }
            }
            // Links last, so no file of this package is written through one; then every link in the tree is checked
            // against the finished tree, since one link can change where another one leads.
            foreach (var (entry, target) in links)
            {
                CreateLink(root, entry, target);
            }
            if (SafePath.FindEscapingLink(root) is { } escaping)
            {
                throw new PackageException($"The symbolic link '{escaping}' resolves outside the package root. Make links relative and keep them inside the package.");
            }
            return written;
        });
    }

    /// <summary>Checks a zip without unpacking it and returns its unpacked size (the sum of its files' sizes).</summary>
    public static long Measure(Stream zip, long maxUnpackedBytes = PackageLimits.MaxUnpackedBytes)
        => WithArchive(zip, (archive, unixHosts) => ZipEntries.Read(archive, unixHosts, maxUnpackedBytes).Sum(e => e.Length));

    /// <summary>
    /// Checks a zip completely without keeping it: every entry decompressed (corrupt data is found) and, when it
    /// holds symbolic links, unpacked once into <paramref name="scratch"/> (deleted afterwards) to check where they
    /// lead. Returns the unpacked size.
    /// </summary>
    public static long Verify(byte[] zip, string scratch, long maxUnpackedBytes = PackageLimits.MaxUnpackedBytes)
    {
        var hasLinks = WithArchive(new MemoryStream(zip, writable: false), (archive, unixHosts) =>
        {
            var entries = ZipEntries.Read(archive, unixHosts, maxUnpackedBytes);
            long total = 0;
            foreach (var entry in entries.Where(e => e.Type == ZipEntries.EntryType.File))
            {
                using var source = entry.Archive.Open();
                total += CopyWithLimit(source, Stream.Null, maxUnpackedBytes - total, entry.Path);
            }
            return entries.Count(e => e.Type == ZipEntries.EntryType.SymbolicLink);
        }) > 0;
        if (!hasLinks)
        {
            return Measure(new MemoryStream(zip, writable: false), maxUnpackedBytes);
        }
        try
        {
            return Extract(new MemoryStream(zip, writable: false), scratch, maxUnpackedBytes);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static long WithArchive(Stream zip, Func<ZipArchive, bool[]?, long> action)
    {
        try
        {
            if (ZipHosts.DeclaredEntryCount(zip) is > PackageLimits.MaxEntries and var count)
            {
                throw new PackageException(PackageLimits.TooManyEntries(count));
            }
            var unixHosts = ZipHosts.UnixModes(zip);
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            return action(archive, unixHosts);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new PackageException(PackageException.CouldNotUnzip);
        }
        catch (IOException e) when (e is not FileNotFoundException && !Errors.DiskErrors.IsDiskFailure(e))
        {
            // Entries that clash on disk, such as a file "lib" and a folder "lib/".
            throw new PackageException($"Could not unpack the zip: {e.Message} Check it for a file and a folder with the same name.");
        }
    }

    private static string ResolveParent(string root, string relativePath)
    {
        var parent = Path.GetDirectoryName(relativePath) ?? "";
        var resolved = SafePath.Resolve(root, parent)
            ?? throw new PackageException($"The zip entry '{relativePath}' would be written through a symbolic link that leads outside the package root.");
        return Path.Combine(resolved, Path.GetFileName(relativePath));
    }

    private static void CreateDirectory(string root, string relativePath)
    {
        var target = SafePath.Resolve(root, relativePath)
            ?? throw new PackageException($"The zip entry '{relativePath}' would be written through a symbolic link that leads outside the package root.");
        Directory.CreateDirectory(target);
    }

    private static long WriteFile(string root, ZipEntries.Entry entry, long budget)
    {
        var target = ResolveParent(root, entry.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        RemoveLinkOrFile(target, entry.Path);
        long copied;
        using (var source = entry.Archive.Open())
        using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
        {
            copied = CopyWithLimit(source, output, budget, entry.Path);
        }
        SetMode(target, entry.Mode, DefaultFileMode);
        return copied;
    }

    private static long CopyWithLimit(Stream source, Stream output, long budget, string name)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            total += read;
            if (total > budget)
            {
                // The sizes in the zip's directory said otherwise: a crafted archive.
                throw new PackageException($"Unzipped size must be smaller than {PackageLimits.MaxUnpackedBytes} bytes: '{name}' unpacks to more than its zip entry declares.");
            }
            output.Write(buffer, 0, read);
        }
        return total;
    }

    private static string ReadLinkTarget(ZipEntries.Entry entry)
    {
        using var reader = new StreamReader(entry.Archive.Open());
        var target = reader.ReadToEnd();
        if (target.Length == 0 || target.Contains('\0'))
        {
            throw new PackageException($"The symbolic link '{entry.Path}' in the zip has no valid target.");
        }
        if (Path.IsPathRooted(target) || target.StartsWith('/'))
        {
            throw new PackageException($"The symbolic link '{entry.Path}' points to the absolute path '{target}', outside the package root. Make it relative.");
        }
        return target;
    }

    private static void CreateLink(string root, ZipEntries.Entry entry, string target)
    {
        var path = ResolveParent(root, entry.Path);
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
        {
            throw new PackageException($"The symbolic link '{entry.Path}' has the name of a directory that already exists.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RemoveLinkOrFile(path, entry.Path);
        File.CreateSymbolicLink(path, target);
    }

    private static void RemoveLinkOrFile(string path, string entryPath)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists)
        {
            info.Delete();
        }
        else if (Directory.Exists(path))
        {
            throw new PackageException($"The zip entry '{entryPath}' is a file but a folder of that name already exists.");
        }
    }

    private static void SetMode(string path, int mode, UnixFileMode fallback)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode == 0 ? fallback : (UnixFileMode)(mode & 0x1FF));
        }
    }

    internal static bool IsSymbolicLink(int unixMode) => (unixMode & FileTypeMask) == SymbolicLink;

    internal static bool IsDirectory(int unixMode) => (unixMode & FileTypeMask) == DirectoryType;

    internal static bool IsRegularOrUnset(int unixMode) => (unixMode & FileTypeMask) is 0 or RegularFile;
}
