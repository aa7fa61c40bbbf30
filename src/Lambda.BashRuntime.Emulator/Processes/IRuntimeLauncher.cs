namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// What to start for one execution environment: the bootstrap (as the runtime sees its path), its folder, its whole
/// environment, its log, its memory limit. <see cref="Mounts"/> are the host folders of its sandbox (null: no sandbox).
/// </summary>
public sealed record RuntimeLaunch(
    string Executable,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string LogFile)
{
    public SandboxMounts? Mounts { get; init; }
    public int MemorySizeMb { get; init; } = 128;

    /// <summary>The executable is a bash script (#!/bin/bash...): run by the chosen bash, not by its #! line.</summary>
    public bool IsBashScript { get; init; }
}

/// <summary>Starts runtime processes. The HTTP side never touches processes; tests may substitute this.</summary>
public interface IRuntimeLauncher
{
    IRuntimeProcess Launch(RuntimeLaunch launch);
}

/// <summary>A started runtime: its process (group) and how it ended.</summary>
public interface IRuntimeProcess
{
    int Id { get; }

    /// <summary>Stopwatch timestamp taken just before the process was started (Init Duration counts from here).</summary>
    long StartedTimestamp { get; }

    /// <summary>Completes with the exit code when the process has exited (128 + N when killed by signal N).</summary>
    Task<int> Exited { get; }

    /// <summary>Peak memory in MB: of the whole environment where it has a memory cgroup, else of the runtime process
    /// (Linux); null when the OS does not tell.</summary>
    int? PeakMemoryMb { get; }

    /// <summary>True when the kernel killed a process of the environment for going past its MemorySize (cgroup OOM).</summary>
    bool OutOfMemory { get; }

    /// <summary>Kills the runtime and everything it started. Idempotent; safe after exit.</summary>
    void KillAll();
}
