using System.Diagnostics;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>The emulator's own environment, as the Windows launcher reads it (a seam: tests give their own).</summary>
public sealed record HostEnvironment(Func<string, string?> Variable)
{
    public static HostEnvironment Current { get; } = new(Environment.GetEnvironmentVariable);
}

/// <summary>
/// Starts the bootstrap on Windows with a Windows bash (Git Bash, MSYS2, Cygwin: <see cref="BashLocator"/>): Lambda's
/// environment with POSIX paths and the Windows variables a process needs (<see cref="WindowsLaunch"/>), the task root
/// as working folder, stdout and stderr appended to the log file, in a Job Object of its own (<see cref="IJob"/>) that
/// holds every process it starts, limits their memory together to MemorySize, and ends them all when the environment
/// ends or the emulator exits, killed or not (kill-on-close: the kernel closes the emulator's handle).
///
/// The wrapper first waits for one line on its stdin, written once the process is in the job, so nothing it starts
/// can be outside it. No sandbox (bubblewrap is Linux-only), no memory cgroup, no setsid: the job stands for all three's
/// part in ending the environment. Its logic runs on Linux in the tests with a fake job.
/// </summary>
public sealed class WindowsRuntimeLauncher(FoundBash bash, IJobObjects jobs, HostEnvironment host) : IRuntimeLauncher
{
    // $1: the log file; then the command. ulimit -n where the bash has it (Cygwin's does), skipped quietly where not.
    private const string Wrapper = """
        read -r _ || exit 70
        exec </dev/null >>"$1" 2>&1
        ulimit -n 1024 2>/dev/null || :
        shift
        exec "$@"
        """;

    private PosixPaths Paths => bash.IsCygwin ? PosixPaths.Cygwin : PosixPaths.Msys;

    /// <summary>What is started: the bash, its arguments (POSIX paths), the environment and the working folder.</summary>
    public ProcessStartInfo StartInfo(RuntimeLaunch launch)
    {
        var start = new ProcessStartInfo
        {
            FileName = bash.Path,
            WorkingDirectory = launch.WorkingDirectory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true, // the gate line
        };
        // --posix: a non-interactive bash in POSIX mode reads no BASH_ENV, so a function's BASH_ENV (which this host-side
        // wrapper is started with: Windows has no bwrap to hold the variables) takes effect in its bootstrap only.
        var arguments = new List<string> { "--posix", "-c", Wrapper, "runtime", launch.LogFile };
        if (launch.IsBashScript)
        {
            arguments.Add(bash.Path);
        }
        arguments.Add(launch.Executable);
        foreach (var argument in WindowsLaunch.Arguments(arguments, Paths))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (name, value) in WindowsLaunch.Environment(launch.Environment, Paths, host.Variable))
        {
            start.Environment[name] = value;
        }
        return start;
    }

    public IRuntimeProcess Launch(RuntimeLaunch launch)
    {
        var job = jobs.Create(WindowsLaunch.Limits(launch));
        var process = new Process { StartInfo = StartInfo(launch), EnableRaisingEvents = true };
        var runtime = new JobRuntimeProcess(process, job);
        try
        {
            process.Start();
        }
        catch
        {
            job.Dispose();
            throw;
        }
        try
        {
            job.Assign(process);
            process.StandardInput.WriteLine("go"); // the wrapper starts the runtime from here
            process.StandardInput.Close();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception) when (process.HasExited)
            {
            }
            job.Dispose();
            throw new System.ComponentModel.Win32Exception($"the runtime could not be put in its Job Object: {e.Message}");
        }
        return runtime;
    }

    private sealed class JobRuntimeProcess : IRuntimeProcess
    {
        private readonly Process _process;
        private readonly IJob _job;
        private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _id;
        private int? _peak;

        public JobRuntimeProcess(Process process, IJob job)
        {
            _process = process;
            _job = job;
            StartedTimestamp = Stopwatch.GetTimestamp();
            process.Exited += (_, _) => OnExited();
        }

        public int Id => _id != 0 ? _id : _id = _process.Id;

        public long StartedTimestamp { get; }

        public Task<int> Exited => _exited.Task;

        public bool OutOfMemory => _job.MemoryLimitHit;

        public int? PeakMemoryMb => _exited.Task.IsCompleted ? _peak : _peak = ToMb(_job.PeakMemoryBytes) ?? _peak;

        private static int? ToMb(long? bytes) => bytes is { } b ? (int)Math.Max(1, (b + (1 << 20) - 1) >> 20) : null;

        private void OnExited()
        {
            var code = _process.ExitCode;
            _peak = ToMb(_job.PeakMemoryBytes) ?? _peak; // before the job goes
            _job.Terminate(); // whatever the runtime left behind (background jobs)
            _job.Dispose();
            _process.Dispose();
            _exited.TrySetResult(code);
        }

        public void KillAll() => _job.Terminate();
    }
}
