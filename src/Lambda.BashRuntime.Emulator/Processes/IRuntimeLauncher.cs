namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>What to start for one execution environment: the bootstrap, its folder, its whole environment, its log.</summary>
public sealed record RuntimeLaunch(
    string Executable,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string LogFile);

/// <summary>Starts runtime processes. The HTTP side never touches processes; tests may substitute this.</summary>
public interface IRuntimeLauncher
{
    IRuntimeProcess Launch(RuntimeLaunch launch);
}

/// <summary>A started runtime: its process (group) and how it ended.</summary>
public interface IRuntimeProcess
{
    int Id { get; }

    /// <summary>Completes with the exit code when the process has exited (128 + N when killed by signal N).</summary>
    Task<int> Exited { get; }

    /// <summary>Peak resident memory of the runtime process in MB, when the OS tells (Linux), else null.</summary>
    int? PeakMemoryMb { get; }

    /// <summary>Kills the runtime and everything it started. Idempotent; safe after exit.</summary>
    void KillAll();
}
