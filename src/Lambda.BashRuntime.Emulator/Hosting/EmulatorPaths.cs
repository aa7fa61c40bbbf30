namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// The emulator's folders: the state folder (given, or a temporary one removed at exit) and, below it, scratch
/// space for execution environments (log files, private /tmp folders, the stand-ins for /var/runtime and an empty
/// /opt), removed at exit. Each instance's own folder is an <see cref="InstanceFolder"/>: folders left by instances
/// that were killed are removed when the next one starts. A given state folder is held by one emulator at a time
/// (<see cref="StateLockFileName"/>): a second one on it would lose the first one's writes, so it is refused.
/// The temporary state folders are in the user's own scratch folder (<see cref="UserScratch"/>, 0700); the folders
/// made here are 0700 and log files 0600, whoever else uses the machine.
/// </summary>
public sealed class EmulatorPaths : IDisposable
{
    private const string TemporaryStatePrefix = "state-";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const string StateLockFileName = ".emulator-state.lock";
    private readonly InstanceFolder _owned;
    private readonly FolderLock? _stateLock;

    public EmulatorPaths(EmulatorOptions options)
    {
        if (options.StateDirectory is null)
        {
            _owned = InstanceFolder.Claim(
                Path.Combine(UserScratch.Root(), TemporaryStatePrefix + Guid.NewGuid().ToString("N")), TemporaryStatePrefix + "*");
            StateDirectory = _owned.Path;
            Scratch = PrivateFolder(Path.Combine(StateDirectory, "environments", "this"));
        }
        else
        {
            StateDirectory = Directory.CreateDirectory(options.StateDirectory).FullName;
            _stateLock = FolderLock.TryTake(StateDirectory, StateLockFileName) ?? throw new StateDirectoryInUseException(
                $"The state directory '{StateDirectory}' is in use by another emulator (process id "
                + $"{FolderLock.HolderOf(StateDirectory, StateLockFileName)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}): "
                + "two on one --state-dir would lose each other's changes. Stop that one, or give this one another --state-dir.");
            PrivateFolder(Path.Combine(StateDirectory, "environments"));
            _owned = InstanceFolder.Claim(Path.Combine(StateDirectory, "environments", Guid.NewGuid().ToString("N")), "*");
            Scratch = PrivateFolder(_owned.Path);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_owned.Path, OwnerOnly);
        }
        RuntimeDirectory = PrivateFolder(Path.Combine(Scratch, "runtime"));
        EmptyOptDirectory = PrivateFolder(Path.Combine(Scratch, "opt"));
        PrivateFolder(Path.Combine(Scratch, "logs"));
        PrivateFolder(Path.Combine(Scratch, "tmp"));
    }

    public string StateDirectory { get; }

    /// <summary>Removed at exit.</summary>
    public string Scratch { get; }

    /// <summary>LAMBDA_RUNTIME_DIR (/var/runtime on AWS).</summary>
    public string RuntimeDirectory { get; }

    /// <summary>/opt for functions without layers.</summary>
    public string EmptyOptDirectory { get; }

    /// <summary>A new private /tmp for one sandboxed environment, on disk (Lambda's /tmp is not memory).</summary>
    public string NewTmpDirectory() => PrivateFolder(Path.Combine(Scratch, "tmp", Guid.NewGuid().ToString("N")));

    /// <summary>
    /// A new, empty folder for one environment's trace files (Tracing.TraceFile), bound into its sandbox alone: an
    /// environment never sees, nor can touch, another one's traces.
    /// </summary>
    public string NewTraceFolder() => PrivateFolder(Path.Combine(Tracing.TraceFile.FolderIn(Scratch), Guid.NewGuid().ToString("N")));

    /// <summary>A new, empty log file that only this user may read (a function's log may hold its secrets).</summary>
    public string NewLogFile()
    {
        var path = Path.Combine(Scratch, "logs", Guid.NewGuid().ToString("N") + ".log");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        new FileStream(path, options).Dispose();
        return path;
    }

    /// <summary>Creates the folder (0700 where modes exist) and makes it 0700 if it was there already.</summary>
    private static string PrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path).FullName;
        }
        var folder = Directory.CreateDirectory(path, OwnerOnly).FullName;
        File.SetUnixFileMode(folder, OwnerOnly);
        return folder;
    }

    public void Dispose()
    {
        _owned.Dispose();
        var environments = Path.Combine(StateDirectory, "environments");
        try
        {
            if (Directory.Exists(environments) && !Directory.EnumerateFileSystemEntries(environments).Any())
            {
                Directory.Delete(environments);
            }
        }
        catch (IOException)
        {
            // another instance created its folder meanwhile
        }
        _stateLock?.Dispose(); // last: the folder is another emulator's from here on
    }
}

/// <summary>The <c>--state-dir</c> is held by another running emulator.</summary>
public sealed class StateDirectoryInUseException(string message) : IOException(message);
