using System.Globalization;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// One execution environment's memory cgroup: every process of the environment, whatever it forked. Under cgroup v1
/// its process limit is a second group, in the pids hierarchy (<paramref name="pidsPath"/>).
/// </summary>
public sealed class MemoryGroup(string path, bool v2, string? pidsPath = null)
{
    public string Path { get; } = path;

    /// <summary>Writing a pid here moves that process (and what it forks from then on) into the group.</summary>
    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    /// <summary>The v1 pids group's cgroup.procs, joined as well; null where the memory group holds the limit or there is none.</summary>
    public string? PidsProcsFile => pidsPath is null ? null : System.IO.Path.Combine(pidsPath, "cgroup.procs");

    /// <summary>Peak memory of all the environment's processes together, in MB (rounded up); null when unreadable.</summary>
    public int? PeakMemoryMb
    {
        get
        {
            var bytes = ReadNumber(v2 ? "memory.peak" : "memory.max_usage_in_bytes")
                ?? ReadNumber(v2 ? "memory.current" : "memory.usage_in_bytes");
            return bytes is { } b ? (int)Math.Max(1, (b + (1 << 20) - 1) >> 20) : null;
        }
    }

    /// <summary>How many processes the kernel killed for going past the limit (the oom_kill counter).</summary>
    public long OomKills => ReadKeyed(v2 ? "memory.events" : "memory.oom_control", "oom_kill") ?? 0;

    /// <summary>SIGKILL to every process in the group, also those that left the runtime's process group (setsid).</summary>
    public void KillAll()
    {
        if (v2 && File.Exists(System.IO.Path.Combine(Path, "cgroup.kill")))
        {
            try
            {
                File.WriteAllText(System.IO.Path.Combine(Path, "cgroup.kill"), "1");
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        // cgroup v1: read and kill until nothing is left (a process may fork while we read).
        for (var round = 0; round < 10; round++)
        {
            var pids = ReadPids();
            if (pids.Count == 0)
            {
                return;
            }
            foreach (var pid in pids)
            {
                ProcessGroups.KillProcess(pid);
            }
        }
    }

    /// <summary>Removes the group once its processes are gone (killed processes leave it when reaped).</summary>
    public async Task RemoveAsync()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (MemoryCgroups.TryRemove(Path) && (pidsPath is null || MemoryCgroups.TryRemove(pidsPath)))
            {
                return;
            }
            KillAll();
            await Task.Delay(20);
        }
    }

    private List<int> ReadPids()
    {
        try
        {
            return File.ReadAllLines(ProcsFile).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return [];
        }
    }

    private long? ReadNumber(string file)
    {
        try
        {
            return long.Parse(File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    private long? ReadKeyed(string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(System.IO.Path.Combine(Path, file)))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[0] == key)
                {
                    return long.Parse(parts[1].Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
        }
        return null;
    }
}
