namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// The emulator's folders: the state folder (given, or a temporary one removed at exit) and, below it, scratch
/// space for execution environments (log files, private /tmp folders, the stand-ins for /var/runtime and an
/// empty /opt), removed at exit.
/// </summary>
public sealed class EmulatorPaths : IDisposable
{
    private readonly bool _ownsState;

    public EmulatorPaths(EmulatorOptions options)
    {
        _ownsState = options.StateDirectory is null;
        StateDirectory = options.StateDirectory ?? Directory.CreateTempSubdirectory("lambda-bash-emulator-").FullName;
        Directory.CreateDirectory(StateDirectory);
        Scratch = Directory.CreateDirectory(Path.Combine(StateDirectory, "environments", Guid.NewGuid().ToString("N"))).FullName;
        RuntimeDirectory = Directory.CreateDirectory(Path.Combine(Scratch, "runtime")).FullName;
        EmptyOptDirectory = Directory.CreateDirectory(Path.Combine(Scratch, "opt")).FullName;
        Directory.CreateDirectory(Path.Combine(Scratch, "logs"));
        Directory.CreateDirectory(Path.Combine(Scratch, "tmp"));
    }

    public string StateDirectory { get; }

    /// <summary>Removed at exit.</summary>
    public string Scratch { get; }

    /// <summary>LAMBDA_RUNTIME_DIR (/var/runtime on AWS).</summary>
    public string RuntimeDirectory { get; }

    /// <summary>/opt for functions without layers.</summary>
    public string EmptyOptDirectory { get; }

    /// <summary>A new private /tmp for one sandboxed environment, on disk (Lambda's /tmp is not memory).</summary>
    public string NewTmpDirectory() => Directory.CreateDirectory(Path.Combine(Scratch, "tmp", Guid.NewGuid().ToString("N"))).FullName;

    public string NewLogFile() => Path.Combine(Scratch, "logs", Guid.NewGuid().ToString("N") + ".log");

    public void Dispose()
    {
        TryDelete(_ownsState ? StateDirectory : Scratch);
        if (!_ownsState)
        {
            var environments = Path.GetDirectoryName(Scratch)!;
            if (Directory.Exists(environments) && !Directory.EnumerateFileSystemEntries(environments).Any())
            {
                TryDelete(environments);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
