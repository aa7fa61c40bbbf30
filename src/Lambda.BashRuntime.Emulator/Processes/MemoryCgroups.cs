using System.Globalization;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// MemorySize enforced as Lambda enforces it: one memory cgroup per execution environment, made below the emulator's
/// own cgroup (<c>lambda-bash-emulator-PID-ID/env-N</c>), so it lives inside whatever limits the emulator already has.
/// cgroup v1 (<c>memory.limit_in_bytes</c>, <c>memory.max_usage_in_bytes</c>, the <c>oom_kill</c> counter of
/// <c>memory.oom_control</c>) and v2 (<c>memory.max</c>, <c>memory.peak</c>, <c>memory.events</c>; needs a cgroup
/// where the emulator may enable the memory controller for children). Where none can be made, <see cref="Line"/>
/// says so and nothing is enforced.
///
/// The same groups hold Lambda's limit of 1,024 processes and threads (<c>pids.max</c>) where the pids controller is
/// there: in v2 the environment's own group, in v1 a group of the same name in the pids hierarchy. <c>ulimit -u</c>
/// cannot do it: in the sandbox the function's uid maps to the emulator's user, and RLIMIT_NPROC does not limit root.
/// </summary>
public sealed class MemoryCgroups : IDisposable
{
    private const string Prefix = "lambda-bash-emulator-";

    /// <summary>Lambda's limit of processes and threads per execution environment.</summary>
    public const int MaxProcesses = 1024;

    private readonly string? _instance;
    private readonly bool _v2;
    private readonly PidsLimit _pids;
    private int _next;

    private MemoryCgroups(string? instance, bool v2, string line, PidsLimit? pids = null)
    {
        _instance = instance;
        _v2 = v2;
        _pids = pids ?? PidsLimit.None;
        Line = _pids.Kind == PidsKind.None || instance is null
            ? line
            : line + $" Processes: at most {MaxProcesses} per environment (pids.max).";
    }

    /// <summary>Where the process limit goes: nowhere, the memory group itself (v2), or a v1 pids hierarchy's group.</summary>
    private enum PidsKind { None, SameGroup, V1 }

    private sealed record PidsLimit(PidsKind Kind, string? Instance)
    {
        public static readonly PidsLimit None = new(PidsKind.None, null);
    }

    /// <summary>Whether each environment's processes are limited by a pids cgroup.</summary>
    public bool LimitsProcesses => _instance is not null && _pids.Kind != PidsKind.None;

    /// <summary>One line for the start-up banner: how MemorySize is enforced, or why it is not.</summary>
    public string Line { get; }

    public bool Enabled => _instance is not null;

    /// <summary>Finds the memory controller of this process and makes the instance's cgroup; never throws.</summary>
    public static MemoryCgroups Open()
    {
        if (OperatingSystem.IsWindows())
        {
            return new(null, false, WindowsLaunch.MemoryLine); // a Job Object per environment instead (WindowsRuntimeLauncher)
        }
        if (!OperatingSystem.IsLinux())
        {
            return new(null, false, "Memory: MemorySize is reported, not enforced (memory cgroups are Linux-only).");
        }
        try
        {
            var (own, v2) = FindOwnGroup();
            if (own is null)
            {
                return new(null, false, "Memory: MemorySize is reported, not enforced: no memory cgroup controller is mounted.");
            }
            RemoveStale(own);
            // PID first (stale groups are found by it), then what tells apart several emulators of one process (tests).
            var instance = Path.Combine(own, string.Create(CultureInfo.InvariantCulture,
                $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"));
            Directory.CreateDirectory(instance);
            var pids = PidsLimit.None;
            if (v2)
            {
                try
                {
                    EnableMemoryForChildren(own);
                    EnableMemoryForChildren(instance);
                }
                catch
                {
                    TryRemove(instance);
                    throw;
                }
                if (TryEnableForChildren(own, "pids") && TryEnableForChildren(instance, "pids"))
                {
                    pids = new PidsLimit(PidsKind.SameGroup, null);
                }
            }
            else if (FindOwnV1Group("pids") is { } pidsOwn && Directory.Exists(pidsOwn))
            {
                try
                {
                    RemoveStale(pidsOwn);
                    var pidsInstance = Path.Combine(pidsOwn, Path.GetFileName(instance));
                    Directory.CreateDirectory(pidsInstance);
                    pids = new PidsLimit(PidsKind.V1, pidsInstance);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // no process limit here; memory still is
                }
            }
            return new(instance, v2, $"Memory: MemorySize enforced by a memory cgroup (v{(v2 ? 2 : 1)}) per environment, in {instance}.", pids);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(null, false, $"Memory: MemorySize is reported, not enforced: cannot make a memory cgroup here ({e.Message}).");
        }
    }

    /// <summary>A new cgroup limited to <paramref name="memorySizeMb"/>; null when cgroups are not in use.</summary>
    public MemoryGroup? Create(int memorySizeMb)
    {
        if (_instance is null)
        {
            return null;
        }
        var path = Path.Combine(_instance, "env-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(path);
        var bytes = (memorySizeMb * 1024L * 1024L).ToString(CultureInfo.InvariantCulture);
        if (_v2)
        {
            File.WriteAllText(Path.Combine(path, "memory.max"), bytes);
            TryWrite(Path.Combine(path, "memory.swap.max"), "0"); // Lambda has no swap
        }
        else
        {
            File.WriteAllText(Path.Combine(path, "memory.limit_in_bytes"), bytes);
            TryWrite(Path.Combine(path, "memory.memsw.limit_in_bytes"), bytes); // with swap accounting: no swap either
        }
        var limit = MaxProcesses.ToString(CultureInfo.InvariantCulture);
        string? pidsPath = null;
        switch (_pids.Kind)
        {
            case PidsKind.SameGroup:
                File.WriteAllText(Path.Combine(path, "pids.max"), limit);
                break;
            case PidsKind.V1:
                pidsPath = Path.Combine(_pids.Instance!, Path.GetFileName(path));
                Directory.CreateDirectory(pidsPath);
                File.WriteAllText(Path.Combine(pidsPath, "pids.max"), limit);
                break;
        }
        return new MemoryGroup(path, _v2, pidsPath);
    }

    /// <summary>Removes the instance's cgroup (its environments' groups are gone by then).</summary>
    public void Dispose()
    {
        if (_instance is not null)
        {
            RemoveTree(_instance);
        }
        if (_pids.Instance is not null)
        {
            RemoveTree(_pids.Instance);
        }
    }

    private static bool TryEnableForChildren(string group, string controller)
    {
        try
        {
            var control = Path.Combine(group, "cgroup.subtree_control");
            if (!File.ReadAllText(control).Split(' ', StringSplitOptions.TrimEntries).Contains(controller))
            {
                File.WriteAllText(control, "+" + controller);
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static (string? Directory, bool V2) FindOwnGroup()
    {
        if (FindOwnV1Group("memory") is { } v1)
        {
            return (v1, false);
        }
        var v2Mount = CgroupMounts().FirstOrDefault(m => m.Type == "cgroup2").MountPoint;
        if (v2Mount is null)
        {
            return (null, false);
        }
        var unified = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
        if (unified is null)
        {
            return (null, false);
        }
        var own = v2Mount + unified[3..].TrimEnd('/');
        var controllers = File.ReadAllText(Path.Combine(own, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries);
        return controllers.Contains("memory") ? (own, true) : (null, false);
    }

    /// <summary>
    /// The group of this process in the v1 hierarchy of <paramref name="controller"/> (its mount point plus the path
    /// /proc/self/cgroup gives, "4:memory:/a/b"); null when that controller has no v1 hierarchy here.
    /// </summary>
    private static string? FindOwnV1Group(string controller)
    {
        var mount = CgroupMounts().LastOrDefault(m => m.Type == "cgroup" && m.Options.Split(',').Contains(controller)).MountPoint;
        if (mount is null)
        {
            return null;
        }
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains(controller))
            {
                return mount + parts[2].TrimEnd('/');
            }
        }
        return null;
    }

    /// <summary>The cgroup file systems mounted at their root, from /proc/self/mountinfo.</summary>
    private static IEnumerable<(string Type, string Options, string MountPoint)> CgroupMounts()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // "36 25 0:31 / /sys/fs/cgroup/memory rw,relatime shared:14 - cgroup cgroup rw,memory"
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (dash >= 0 && dash + 3 < fields.Length && fields[3] == "/" && fields[dash + 1] is "cgroup" or "cgroup2")
            {
                yield return (fields[dash + 1], fields[dash + 3], fields[4]);
            }
        }
    }

    private static void EnableMemoryForChildren(string group)
    {
        var control = Path.Combine(group, "cgroup.subtree_control");
        if (!File.ReadAllText(control).Split(' ', StringSplitOptions.TrimEntries).Contains("memory"))
        {
            try
            {
                File.WriteAllText(control, "+memory");
            }
            catch (IOException e)
            {
                throw new IOException($"{group} holds processes and cannot hand its memory controller to child groups "
                    + $"({e.Message}); start the emulator in a delegated cgroup of its own, e.g. systemd-run --user --scope -p Delegate=yes", e);
            }
        }
    }

    /// <summary>Groups left by emulators that were killed (their process is gone): their environments died with them.</summary>
    private static void RemoveStale(string own)
    {
        foreach (var folder in Directory.EnumerateDirectories(own, Prefix + "*"))
        {
            var name = Path.GetFileName(folder)[Prefix.Length..];
            if (int.TryParse(name.Split('-')[0], out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                RemoveTree(folder);
            }
        }
    }

    private static void RemoveTree(string group)
    {
        try
        {
            foreach (var child in Directory.EnumerateDirectories(group))
            {
                new MemoryGroup(child, false).KillAll();
                TryRemove(child);
            }
            TryRemove(group);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    internal static bool TryRemove(string group)
    {
        try
        {
            Directory.Delete(group); // rmdir: a cgroup's files go with it
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return !Directory.Exists(group);
        }
    }

    private static void TryWrite(string file, string text)
    {
        try
        {
            File.WriteAllText(file, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
