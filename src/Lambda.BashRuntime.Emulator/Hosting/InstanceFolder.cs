namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// A scratch folder that belongs to one running emulator. It holds <see cref="LockFileName"/>, a
/// <see cref="FolderLock"/> held for the life of the process; the kernel drops the lock when the process ends,
/// kill -9 included. At start each emulator removes the sibling folders whose lock it can take: they belong to
/// instances that died without cleaning up. Folders whose lock is held (other emulators running at once, as under
/// LocalLambda) and folders without a lock file (not made by this code) are left alone.
/// </summary>
public sealed class InstanceFolder : IDisposable
{
    public const string LockFileName = ".emulator-instance.lock";

    private readonly FolderLock _lock;

    private InstanceFolder(string path)
    {
        Path = path;
        _lock = FolderLock.TryTake(path, LockFileName)
            ?? throw new IOException($"The folder '{path}' is held by another emulator (process id {FolderLock.HolderOf(path, LockFileName)}).");
    }

    public string Path { get; }

    /// <summary>Creates (if needed) and locks <paramref name="path"/>, after removing dead siblings that match <paramref name="siblingPattern"/>.</summary>
    public static InstanceFolder Claim(string path, string siblingPattern)
    {
        var full = System.IO.Path.GetFullPath(path);
        var parent = System.IO.Path.GetDirectoryName(full)!;
        var claimed = new InstanceFolder(Directory.CreateDirectory(full).FullName);
        RemoveDead(parent, siblingPattern, except: full);
        return claimed;
    }

    /// <summary>Removes the folders under <paramref name="parent"/> left by emulators that are no longer running.</summary>
    public static void RemoveDead(string parent, string pattern, string? except = null)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }
        foreach (var folder in Directory.EnumerateDirectories(parent, pattern))
        {
            if (string.Equals(folder, except, StringComparison.Ordinal) || !IsDead(folder))
            {
                continue;
            }
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another emulator removing it at the same moment, or a file we may not delete: leave it
            }
        }
    }

    /// <summary>Unlocks the folder and removes it.</summary>
    public void Dispose()
    {
        _lock.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static bool IsDead(string folder)
    {
        try
        {
            // No lock file: not made by this code. A held lock: its emulator is running.
            return File.Exists(System.IO.Path.Combine(folder, LockFileName)) && !FolderLock.IsHeld(folder, LockFileName);
        }
        catch (UnauthorizedAccessException)
        {
            return false; // another user's
        }
    }
}
