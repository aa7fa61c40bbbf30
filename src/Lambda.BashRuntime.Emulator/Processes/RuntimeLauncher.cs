using System.Diagnostics;
using Lambda.BashRuntime.Emulator.Hosting;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// Starts the bootstrap as Lambda does: its own environment only (nothing inherited), the task root as working
/// folder, stdin from /dev/null, stdout and stderr appended to the environment's log file, Lambda's limit of 1,024
/// open files (and, in the sandbox, 1,024 processes), in its memory cgroup when there is one, and in bubblewrap
/// when the sandbox is on. It leads its own process group (<see cref="ProcessGroupLauncher"/>: through setsid on Linux,
/// a job-control starter where there is none, as on macOS), so a kill reaches everything the runtime started.
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
    // $1: cgroup.procs to join before anything starts ("" for none), $2: the log file; then the command, which gets
    // the environment given plus the PWD and SHLVL any shell sets.
    internal const string Wrapper = """
        [[ -z $1 ]] || echo "$$" >"$1"
        ulimit -n 1024 LIMITS
        exec 3<&0 </dev/null >>"$2" 2>&1
        (while read -r -u 3 _; do :; done; kill -KILL 0) &
        shift 2
        exec "$@" 3<&-
        """;

    public IRuntimeProcess Launch(RuntimeLaunch launch)
    {
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
        // the environment's processes alone.
        arguments.AddRange(["-c", Wrapper.Replace("LIMITS", sandboxed ? "-u 1024" : ""), "runtime", group?.ProcsFile ?? "", launch.LogFile]);
        if (sandboxed)
        {
            arguments.Add(sandbox.Bwrap!);
            arguments.AddRange(BwrapArguments.Build(launch.Mounts!, launch.IsBashScript ? bash.Path : null, launch.Executable,
                options.SandboxWritableFolders));
        }
        else
        {
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
        foreach (var (name, value) in launch.Environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var runtime = new RuntimeProcess(process, groups.GroupOf(process), group, launch.Mounts?.Tmp);
        try
        {
            process.Start();
        }
        catch
        {
            _ = group?.RemoveAsync();
            throw;
        }
        return runtime;
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
