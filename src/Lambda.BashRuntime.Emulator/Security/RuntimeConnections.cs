using System.Globalization;
using Lambda.BashRuntime.Emulator.Environments;

namespace Lambda.BashRuntime.Emulator.Security;

/// <summary>
/// Which execution environment, if any, a loopback connection comes from (Linux): the client end of the TCP
/// connection in /proc/net/tcp and tcp6 gives the socket's inode, the process holding it is found under /proc, and
/// that process belongs to an environment when its runtime is among its ancestors (in the sandbox every process
/// is: orphans go to the sandbox's own init, bwrap's child), in its session (setsid), or in the emulator's memory
/// cgroups. So a function cannot pass for the developer by signing with made-up credentials instead of its own.
/// Asked only for control-plane writes (a scan of /proc costs a few milliseconds). Elsewhere, and where /proc cannot
/// tell, the answer is null: not known to be a function's.
/// </summary>
public sealed class RuntimeConnections(SlotPool pool)
{
    /// <summary>The function whose environment holds the client end of this connection; null when none does (or unknown).</summary>
    public string? FunctionOf(int clientPort, int serverPort)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var runtimes = new Dictionary<int, string>();
        foreach (var environment in pool.Environments())
        {
            if (environment.Process is { } process && !process.Exited.IsCompleted)
            {
                runtimes[process.Id] = environment.Function.FunctionName;
            }
        }
        if (runtimes.Count == 0 || ClientSocketInode(clientPort, serverPort) is not { } inode || ProcessHolding(inode) is not { } pid)
        {
            return null;
        }
        return RuntimeOf(pid, runtimes);
    }

    private static string? RuntimeOf(int pid, Dictionary<int, string> runtimes)
    {
        var cgroupMark = $"lambda-bash-emulator-{Environment.ProcessId}-";
        try
        {
            if (File.ReadAllText($"/proc/{pid}/cgroup").Contains(cgroupMark, StringComparison.Ordinal))
            {
                // In one of this emulator's environment groups: which one is told by the ancestry below, if it can.
                return Ancestry(pid, runtimes) ?? runtimes.Values.First();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return Ancestry(pid, runtimes);
    }

    /// <summary>The runtime that is the process, one of its ancestors, or the leader of its session.</summary>
    private static string? Ancestry(int pid, Dictionary<int, string> runtimes)
    {
        for (var current = pid; current > 1;)
        {
            if (runtimes.TryGetValue(current, out var function))
            {
                return function;
            }
            if (Stat(current) is not { } stat)
            {
                return null;
            }
            if (current == pid && runtimes.TryGetValue(stat.Session, out var bySession))
            {
                return bySession;
            }
            current = stat.Parent;
        }
        return null;
    }

    /// <summary>Parent and session ids from /proc/PID/stat (after the command name, which may hold spaces).</summary>
    private static (int Parent, int Session)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static long? ClientSocketInode(int clientPort, int serverPort)
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            try
            {
                foreach (var line in File.ReadLines(table).Skip(1))
                {
                    // "  1: 0100007F:D431 0100007F:0BB9 01 00000000:00000000 00:00000000 00000000  0  0 123456 ..."
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length > 9 && Port(fields[1]) == clientPort && Port(fields[2]) == serverPort)
                    {
                        return long.Parse(fields[9], CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }
        return null;
    }

    private static int Port(string address)
        => int.Parse(address.AsSpan(address.LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static int? ProcessHolding(long inode)
    {
        var target = $"socket:[{inode.ToString(CultureInfo.InvariantCulture)}]";
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(folder, "fd")))
                {
                    if (string.Equals(new FileInfo(fd).LinkTarget, target, StringComparison.Ordinal))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or another user's
            }
        }
        return null;
    }
}
