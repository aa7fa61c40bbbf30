namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// What a Windows bash (Git Bash, MSYS2, Cygwin) is given to run a runtime, as pure functions of the launch and the
/// emulator's own environment, so Linux tests cover them: POSIX paths wherever the runtime reads a path (its
/// arguments, LAMBDA_TASK_ROOT, LAMBDA_RUNTIME_DIR, PATH, LD_LIBRARY_PATH), and beside Lambda's variables the few
/// Windows ones any process needs: without SystemRoot, Winsock fails to start (WinError 10106), and with it bash's
/// /dev/tcp; WINDIR, TEMP/TMP, PATHEXT and COMSPEC are what the C runtime and child programs look for.
/// </summary>
public static class WindowsLaunch
{
    /// <summary>Windows variables kept from the emulator's environment (when it has them).</summary>
    public static readonly IReadOnlyList<string> KeptVariables = ["SystemRoot", "WINDIR", "TEMP", "TMP", "PATHEXT", "COMSPEC"];

    /// <summary>Variables that hold one path.</summary>
    public static readonly IReadOnlyList<string> PathVariables = ["LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"];

    /// <summary>Variables that hold a list of paths.</summary>
    public static readonly IReadOnlyList<string> PathListVariables = ["PATH", "LD_LIBRARY_PATH"];

    /// <summary>The runtime's environment: Lambda's, paths made POSIX, plus the kept Windows variables.</summary>
    /// <param name="hostVariable">The emulator's own environment (Environment.GetEnvironmentVariable).</param>
    public static Dictionary<string, string> Environment(
        IReadOnlyDictionary<string, string> lambda, PosixPaths paths, Func<string, string?> hostVariable)
    {
        // Windows names are case-insensitive: one entry per name, as CreateProcess's block would have it.
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in KeptVariables)
        {
            if (hostVariable(name) is { Length: > 0 } value)
            {
                variables[name] = value;
            }
        }
        foreach (var (name, value) in lambda)
        {
            variables[name] = PathVariables.Contains(name) ? paths.Path(value)
                : PathListVariables.Contains(name) ? paths.List(value)
                : value;
        }
        return variables;
    }

    /// <summary>Arguments as bash reads them: each absolute Windows path (the log file, the bash, the bootstrap) made POSIX.</summary>
    public static IReadOnlyList<string> Arguments(IEnumerable<string> arguments, PosixPaths paths)
        => arguments.Select(a => PosixPaths.IsWindowsAbsolute(a) ? paths.Path(a) : a).ToList();

    /// <summary>The start-up line about memory on Windows.</summary>
    public const string MemoryLine = "Memory: MemorySize is enforced by a Job Object per environment (all its processes together); an overrun ends it with Runtime.OutOfMemory.";

    /// <summary>The job's memory limit: the function's MemorySize, the whole environment's (every process of the job).</summary>
    public static JobLimits Limits(RuntimeLaunch launch) => new(MemoryLimitBytes: launch.MemorySizeMb * 1024L * 1024L);
}
