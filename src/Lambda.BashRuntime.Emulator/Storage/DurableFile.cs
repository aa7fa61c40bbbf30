using System.Runtime.InteropServices;

namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>
/// Writes a file so that a crash at any moment leaves either the old content or the new one, never a mix: write a
/// temporary file beside it, flush it to disk, rename it over the target, then flush the folder so the rename
/// itself survives a power cut.
/// </summary>
internal static class DurableFile
{
    public const string TemporarySuffix = ".tmp";

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        FlushDirectory(folder);
    }

    /// <summary>
    /// Removes the temporary files a crash left behind beside <paramref name="targetPattern"/> (e.g. "state.json",
    /// "*.zip"); they were never acknowledged. Other files in the folder are left alone.
    /// </summary>
    public static void RemoveLeftovers(string folder, string targetPattern)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        foreach (var leftover in Directory.EnumerateFiles(folder, $"{targetPattern}.*{TemporarySuffix}"))
        {
            File.Delete(leftover);
        }
    }

    private static void FlushDirectory(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals renames; there is no directory handle to flush.
        }
        var fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"Could not open '{folder}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Could not flush '{folder}' to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code in this project.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
