using System.Diagnostics;
using Lambda.BashRuntime.Emulator.Hosting;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// Starts the bootstrap as Lambda does: its own environment only (nothing inherited), the task root as working
/// folder, stdin from /dev/null, stdout and stderr appended to the environment's log file, Lambda's limit of 1,024
/// open files (and 1,024 processes: the pids cgroup, and in the sandbox ulimit -u), in its memory cgroup when there
/// is one, and in bubblewrap when the sandbox is on. The host-side processes that start it (setsid or the starter,
/// the wrapper, bwrap) run with <see cref="HostEnvironment"/> alone: the function's variables reach the runtime only
/// (bwrap's --setenv options, or exported by the wrapper just before it becomes the bootstrap; Windows: see WindowsRuntimeLauncher), so a function's
/// BASH_ENV or LD_PRELOAD never runs anything on the host side. It leads its own process group
/// (<see cref="ProcessGroupLauncher"/>: through setsid on Linux, a job-control starter where there is none, as on
/// macOS), so a kill reaches everything the runtime started.
///
/// It also dies with the emulator, even after kill -9: its stdin is a pipe whose only writing end the emulator holds.
/// A small watchdog beside the runtime waits on that pipe; when the emulator is gone the pipe ends and the watchdog
/// kills the process group (bwrap among it, whose PID namespace then takes every process of the sandbox with it).
/// A parent-death signal could not do this: it fires when the forking thread exits, and .NET forks on pool threads.
/// </summary>
/// The bash is the one chosen at start (<see cref="BashLocator"/>): it runs the wrapper and, for a bootstrap whose #!
/// line is bash, the bootstrap itself (in the sandbox it is bound in read-only where it is not a system file).
public sealed class RuntimeLauncher(SandboxChoice sandbox, MemoryCgroups cgroups, EmulatorOptions options, FoundBash bash,
    ProcessGroupLauncher groups) : IRuntimeLauncher
{
    // $1, $2: cgroup.procs files to join before anything starts ("" for none); $3: the log file; $4: the launch
    // file, read once and removed: bwrap's options (bwrap reads them from fd 4) or, without the sandbox, the runtime's
    // environment; $5: "bwrap" or "env"; then the command. The wrapper itself runs with HostEnvironment only: the
    // function's variables exist in the runtime alone, never in a host-side process.
    internal const string Wrapper = """
        for procs in "$1" "$2"; do [[ -z $procs ]] || echo "$$" >"$procs"; done
        ulimit -n 1024 LIMITS
        exec 3<&0 </dev/null >>"$3" 2>&1 4<"$4"
        rm -f "$4"
        (exec 4<&-; while read -r -u 3 _; do :; done; kill -KILL 0) &
        if [[ $5 == env ]]; then
          unset PATH
          while IFS= read -r -d '' variable <&4; do export "$variable"; done
          exec 4<&-
        fi
        shift 5
        exec "$@" 3<&-
        """;

    /// <summary>All the environment the host-side helpers (setsid, the wrapper, bwrap) get: fixed, nothing of the function's.</summary>
    public static readonly IReadOnlyDictionary<string, string> HostEnvironment = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    };

    public IRuntimeProcess Launch(RuntimeLaunch launch)
    {
        CheckEnvironment(launch.Environment);
        var group = cgroups.Create(launch.MemorySizeMb);
        var sandboxed = sandbox.Mode == SandboxMode.Bwrap && launch.Mounts is not null;
        var start = new ProcessStartInfo
        {
            FileName = groups.FileName(bash.Path), // process group: setsid, or the starter (ProcessGroupLauncher)
            WorkingDirectory = sandboxed ? "/" : launch.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true, // the watchdog pipe
            RedirectStandardOutput = groups.RedirectsOutput, // the starter's one line: the runtime's process group
        };
        var arguments = new List<string>(groups.Prefix(bash.Path));
        // The process limit counts every process of the user: only inside the sandbox's own user namespace is that
        // the environment's processes alone (for root, whom it does not limit, the pids cgroup does).
        var launchFile = launch.LogFile + ".launch";
        arguments.AddRange(["-c", Wrapper.Replace("LIMITS", sandboxed ? "-u 1024" : ""), "runtime",
            group?.ProcsFile ?? "", group?.PidsProcsFile ?? "", launch.LogFile, launchFile, sandboxed ? "bwrap" : "env"]);
        IReadOnlyList<string> launchContent;
        if (sandboxed)
        {
            var runBash = launch.IsBashScript ? bash.Path : null;
            launchContent = BwrapArguments.Options(launch.Mounts!, runBash, options.SandboxWritableFolders, launch.Environment);
            arguments.AddRange([sandbox.Bwrap!, "--args", "4", "--"]);
            arguments.AddRange(BwrapArguments.Command(runBash, launch.Executable));
        }
        else
        {
            launchContent = launch.Environment.Select(pair => pair.Key + "=" + pair.Value).ToList();
            if (launch.IsBashScript)
            {
                arguments.Add(bash.Path);
            }
            arguments.Add(launch.Executable);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (name, value) in HostEnvironment)
        {
            start.Environment[name] = value;
        }
        WriteLaunchFile(launchFile, launchContent);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var runtime = new RuntimeProcess(process, groups.GroupOf(process), group, launch.Mounts?.Tmp);
        try
        {
            process.Start();
        }
        catch
        {
            File.Delete(launchFile);
            _ = group?.RemoveAsync();
            throw;
        }
        return runtime;
    }

    /// <summary>NUL-separated, readable by the emulator's user alone (it may hold the function's secrets until read).</summary>
    private static void WriteLaunchFile(string path, IReadOnlyList<string> items)
    {
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), file);
        foreach (var item in items)
        {
            writer.Write(item);
            writer.Write('\0');
        }
    }

    /// <summary>A NUL would end a name or value early and start a bwrap option of the function's choosing.</summary>
    private static void CheckEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        foreach (var (name, value) in environment)
        {
            if (name.Length == 0 || name.Contains('=') || name.Contains('\0') || value.Contains('\0'))
            {
                throw new IOException($"the environment variable '{name.Replace("\0", "\\0")}' cannot be passed to a process "
                    + "(an empty name, '=' in the name, or a NUL character)");
            }
        }
    }

    private sealed class RuntimeProcess : IRuntimeProcess
    {
        private readonly Process _process;
        private readonly Func<int> _groupOf;
        private readonly MemoryGroup? _group;
        private readonly string? _tmp;
        private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _id;
        private int _leader = -1;
        private long _peakReadAt = long.MinValue / 2;
        private int? _peak;
        private bool _outOfMemory;

        public RuntimeProcess(Process process, Func<int> groupOf, MemoryGroup? group, string? tmp)
        {
            _process = process;
            _groupOf = groupOf;
            _group = group;
            _tmp = tmp;
            StartedTimestamp = Stopwatch.GetTimestamp();
            process.Exited += (_, _) => OnExited();
        }

        public int Id => _id != 0 ? _id : _id = Leader > 0 ? Leader : _process.Id;

        /// <summary>The runtime's pid, which leads its process group (0: the starter could not start it). Read once, before the process is disposed.</summary>
        private int Leader => _leader >= 0 ? _leader : _leader = _groupOf();

        public long StartedTimestamp { get; }

        public Task<int> Exited => _exited.Task;

        public bool OutOfMemory => _outOfMemory || _group?.OomKills > 0;

        public int? PeakMemoryMb
        {
            get
            {
                if (_group is not null && !_exited.Task.IsCompleted)
                {
                    return _peak = _group.PeakMemoryMb ?? _peak; // one small file read
                }
                // Read at most every 250 ms: this sits on every invoke's path (the REPORT line).
                var now = Environment.TickCount64;
                if (now - _peakReadAt < 250 || _exited.Task.IsCompleted)
                {
                    return _peak;
                }
                _peakReadAt = now;
                return _peak = ReadPeakMemoryMb() ?? _peak;
            }
        }

        private void OnExited()
        {
            var code = _process.ExitCode;
            // Read before the group goes: what the environment used and whether the kernel killed for memory.
            _peak = _group?.PeakMemoryMb ?? _peak;
            _outOfMemory = _group?.OomKills > 0;
            KillAll(); // whatever the runtime left behind (a handler still running, background jobs)
            _process.Dispose(); // also closes the watchdog pipe
            _exited.TrySetResult(code);
            _ = Task.Run(async () =>
            {
                if (_group is not null)
                {
                    await _group.RemoveAsync();
                }
                if (_tmp is not null)
                {
                    DeleteQuietly(_tmp); // Lambda's /tmp is gone with its environment
                }
            });
        }

        private int? ReadPeakMemoryMb()
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{Id}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim());
                        return (int)Math.Max(1, (kb + 1023) / 1024);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
            return null;
        }

        public void KillAll()
        {
            if (Leader > 0)
            {
                ProcessGroups.KillGroup(Id);
            }
            else
            {
                try
                {
                    _process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // already gone
                }
            }
            _group?.KillAll(); // also what left the process group with setsid
        }

        private static void DeleteQuietly(string folder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
