namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// A lock file in a folder, held open with an exclusive lock (flock on Linux and macOS) for the life of the process:
/// the kernel drops the lock when the process ends, kill -9 included, so a lock file that can be taken belongs to
/// nobody. The holder's process id is written beside it (<c>NAME.pid</c>): a locked file cannot be read by another
/// process through .NET, and the id is only there to be named in a message.
/// </summary>
public sealed class FolderLock : IDisposable
{
    private readonly FileStream _lock;

    private FolderLock(FileStream held) => _lock = held;

    /// <summary>Takes the lock <paramref name="fileName"/> in <paramref name="folder"/>; null when a running process holds it.</summary>
    public static FolderLock? TryTake(string folder, string fileName)
    {
        var path = Path.Combine(folder, fileName);
        FileStream held;
        try
        {
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null; // locked: its process is running
        }
        held.SetLength(0);
        held.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
        held.Flush();
        File.WriteAllText(path + ".pid", $"{Environment.ProcessId}\n");
        return new FolderLock(held);
    }

    /// <summary>True when a running process holds the lock; false when it can be taken or there is no lock file.</summary>
    public static bool IsHeld(string folder, string fileName)
    {
        var path = Path.Combine(folder, fileName);
        if (!File.Exists(path))
        {
            return false;
        }
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The process id the holder wrote, or null when it cannot be read.</summary>
    public static int? HolderOf(string folder, string fileName)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(folder, fileName + ".pid")).Trim(), out var id) ? id : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => _lock.Dispose();
}
