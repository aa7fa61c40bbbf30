using System.Diagnostics;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// Starts the bootstrap as Lambda does: its own environment only (nothing inherited), the task root as working
/// folder, stdin from /dev/null, stdout and stderr appended to the environment's log file. On Linux the process is
/// started through setsid, so it leads its own process group and a kill reaches everything the runtime started;
/// where setsid is missing the process tree is killed instead.
/// </summary>
public sealed class RuntimeLauncher : IRuntimeLauncher
{
    // sh only sets up the redirections and then replaces itself with the bootstrap (same pid, same group).
    private const string Redirect = "exec \"$0\" </dev/null >>\"$1\" 2>&1";

    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    public IRuntimeProcess Launch(RuntimeLaunch launch)
    {
        var start = new ProcessStartInfo
        {
            FileName = Setsid ?? "/bin/sh",
            WorkingDirectory = launch.WorkingDirectory,
            UseShellExecute = false,
        };
        if (Setsid is not null)
        {
            start.ArgumentList.Add("/bin/sh");
        }
        foreach (var argument in new[] { "-c", Redirect, launch.Executable, launch.LogFile })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (name, value) in launch.Environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var runtime = new RuntimeProcess(process, ownsGroup: Setsid is not null);
        process.Start();
        return runtime;
    }

    private sealed class RuntimeProcess : IRuntimeProcess
    {
        private readonly Process _process;
        private readonly bool _ownsGroup;
        private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _id;
        private long _peakReadAt = long.MinValue / 2;
        private int? _peak;

        public RuntimeProcess(Process process, bool ownsGroup)
        {
            _process = process;
            _ownsGroup = ownsGroup;
            process.Exited += (_, _) =>
            {
                var code = _process.ExitCode;
                KillAll(); // whatever the runtime left behind (a handler still running, background jobs)
                _process.Dispose();
                _exited.TrySetResult(code);
            };
        }

        public int Id => _id != 0 ? _id : _id = _process.Id;

        public Task<int> Exited => _exited.Task;

        public int? PeakMemoryMb
        {
            get
            {
                // Read at most every 250 ms: this sits on every invoke's path (the REPORT line).
                var now = Environment.TickCount64;
                if (now - _peakReadAt < 250)
                {
                    return _peak;
                }
                _peakReadAt = now;
                return _peak = ReadPeakMemoryMb();
            }
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
            if (_ownsGroup)
            {
                ProcessGroups.KillGroup(Id);
                return;
            }
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // already gone
            }
        }
    }
}
