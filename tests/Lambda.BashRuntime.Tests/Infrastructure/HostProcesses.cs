namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// Processes of this machine found by their command line, as the host sees them: inside the sandbox a handler has
/// its own PID namespace, so a pid it prints means nothing out here, but `sleep 30.4711` is unmistakable.
/// </summary>
public static class HostProcesses
{
    /// <summary>Pids of processes running exactly <paramref name="arguments"/> that can still run.</summary>
    public static IReadOnlyList<int> Running(params string[] arguments)
    {
        var wanted = string.Join('\0', arguments) + "\0";
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(folder, "cmdline")) == wanted && !IsGone(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // exited while we looked
            }
        }
        return found;
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until no process runs <paramref name="arguments"/>; the pids left.</summary>
    public static async Task<IReadOnlyList<int>> WaitUntilGoneAsync(TimeSpan timeout, params string[] arguments)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = Running(arguments);
            if (left.Count == 0 || DateTime.UtcNow > deadline)
            {
                return left;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until a process runs <paramref name="arguments"/> (it was started); false after the timeout.</summary>
    public static async Task<bool> WaitUntilRunningAsync(TimeSpan timeout, params string[] arguments)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Running(arguments).Count == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>Gone, a zombie, or with SIGKILL already pending: nothing that can still run.</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            string Field(string name) => status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
            if (Field("State").StartsWith('Z') || Field("State").StartsWith('X'))
            {
                return true;
            }
            const ulong sigKill = 1UL << 8;
            return ((Convert.ToUInt64(Field("SigPnd"), 16) | Convert.ToUInt64(Field("ShdPnd"), 16)) & sigKill) != 0;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or IOException)
        {
            return true;
        }
    }
}
