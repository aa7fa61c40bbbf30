namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// The emulator's folders: the state folder (given, or a temporary one removed at exit) and, below it, scratch
/// space for execution environments (log files, private /tmp folders, the stand-ins for /var/runtime and an empty
/// /opt), removed at exit. Each instance's own folder is an <see cref="InstanceFolder"/>: folders left by instances
/// that were killed are removed when the next one starts. A given state folder is held by one emulator at a time
/// (<see cref="StateLockFileName"/>): a second one on it would lose the first one's writes, so it is refused.
/// </summary>
public sealed class EmulatorPaths : IDisposable
{
    private const string TemporaryStatePrefix = "lambda-bash-emulator-";
    public const string StateLockFileName = ".emulator-state.lock";
    private readonly InstanceFolder _owned;
    private readonly FolderLock? _stateLock;

    public EmulatorPaths(EmulatorOptions options)
    {
        if (options.StateDirectory is null)
        {
            _owned = InstanceFolder.Claim(
                Path.Combine(Path.GetTempPath(), TemporaryStatePrefix + Guid.NewGuid().ToString("N")), TemporaryStatePrefix + "*");
            StateDirectory = _owned.Path;
            Scratch = Directory.CreateDirectory(Path.Combine(StateDirectory, "environments", "this")).FullName;
        }
        else
        {
            StateDirectory = Directory.CreateDirectory(options.StateDirectory).FullName;
            _stateLock = FolderLock.TryTake(StateDirectory, StateLockFileName) ?? throw new StateDirectoryInUseException(
                $"The state directory '{StateDirectory}' is in use by another emulator (process id "
                + $"{FolderLock.HolderOf(StateDirectory, StateLockFileName)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}): "
                + "two on one --state-dir would lose each other's changes. Stop that one, or give this one another --state-dir.");
            _owned = InstanceFolder.Claim(Path.Combine(StateDirectory, "environments", Guid.NewGuid().ToString("N")), "*");
            Scratch = _owned.Path;
        }
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
