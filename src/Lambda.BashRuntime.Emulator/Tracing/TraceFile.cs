namespace Lambda.BashRuntime.Emulator.Tracing;

/// <summary>
/// Where one traced invoke's xtrace goes: a file the emulator creates in the environment's own trace folder (bound at
/// Processes.BwrapArguments.TraceFolder into that environment's sandbox only) before it hands the event over, named to the bootstrap by the emulator-only Runtime API header
/// <see cref="Header"/>. The emulator keeps its own handle, so it reads the whole trace whatever the runtime does to
/// the name afterwards (a timed-out runtime is killed and may leave it half written: that half is read).
/// </summary>
public sealed class TraceFile : IDisposable
{
    /// <summary>Sent on /invocation/next only for a traced invoke; Lambda has no such header, so its bootstraps never trace.</summary>
    public const string Header = "Lambda-Runtime-Emulator-Trace";

    private readonly object _gate = new();
    private FileStream? _stream;
    private HandlerTrace? _read;

    private TraceFile(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The file's path on the host (in a sandbox: its name under Processes.BwrapArguments.TraceFolder).</summary>
    public string Path { get; }

    /// <summary>The scratch folder that holds each environment's folder of trace files (Hosting.EmulatorPaths.NewTraceFolder).</summary>
    public static string FolderIn(string scratch) => System.IO.Path.Combine(scratch, "trace");

    /// <summary>Creates a new file with a random name (never an existing one or a link put there).</summary>
    public static TraceFile Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, Guid.NewGuid().ToString("N") + ".trace");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, // O_EXCL: fails on anything already there, a symbolic link included
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var stream = new FileStream(path, options);
        return new TraceFile(path, stream);
    }

    /// <summary>The trace as written so far (all of it once the invoke ended), parsed; read once, then the file goes.</summary>
    public HandlerTrace Read()
    {
        lock (_gate)
        {
            if (_read is not null)
            {
                return _read;
            }
            var stream = _stream!;
            stream.Position = 0;
            using (var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false))
            {
                _read = TraceParser.Parse(reader.ReadToEnd());
            }
            _stream = null;
            TryDelete();
            return _read;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
            TryDelete();
        }
    }

    private void TryDelete()
    {
        try
        {
            File.Delete(Path); // unlinks the name, even if the runtime swapped it for a link: never its target
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
