using System.Security.Cryptography;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// While `dotnet run` serves: a saved function file (bootstrap, function.sh, every file the run config lists) is packed
/// in-process (<see cref="ProjectPackage"/>: the build's bytes) and served to the next invoke without a build; a syntax
/// error keeps the last good revision. A `dotnet build` in another terminal (function.zip or the run config rewritten)
/// is registered as it is. A change to the project file is announced: its settings need `dotnet build`. Warm
/// environments of a replaced revision are stopped. One terminal line per reload. File events first (a save by rename
/// included); a poll every second catches folders where they never fire (WSL's /mnt/c, network shares).
/// </summary>
internal sealed class ProjectReloader : IDisposable
{
    /// <summary>Editors write, rename and chmod in a row, a build writes several files: act once they settle.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(40);
    /// <summary>A file missing for longer than this (not a save by rename) is reported.</summary>
    private static readonly TimeSpan MissingGrace = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);
    private static readonly StringComparer PathComparer = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    private readonly object _gate = new();
    private readonly string _configFile;
    private readonly EmulatorHost _host;
    private readonly TextWriter _terminal;
    private readonly Timer _settle;
    private readonly Timer _poll;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly bool _fileEvents;
    private FunctionConfig _config;
    private Dictionary<string, Change> _watched = new(PathComparer);
    private Dictionary<string, (long Length, DateTime Written)> _stamps = new(PathComparer);
    private Change _pending;
    private bool _missingOnce;
    private bool _disposed;

    [Flags]
    private enum Change
    {
        None = 0,
        Source = 1,
        Build = 2,
        Project = 4,
    }

    /// <param name="terminal">Where the one line per reload goes (stderr: stdout is the function's).</param>
    /// <param name="pollInterval">How often to look at the files whatever the events say; null: never (tests of events).</param>
    /// <param name="fileEvents">False: the poll alone (tests of a folder where events never fire).</param>
    public ProjectReloader(
        string configFile, FunctionConfig config, EmulatorHost host, TextWriter? terminal = null,
        TimeSpan? pollInterval = null, bool fileEvents = true)
    {
        _configFile = Path.GetFullPath(configFile);
        _config = config;
        _host = host;
        _terminal = terminal ?? Console.Error;
        _fileEvents = fileEvents;
        _settle = new Timer(_ => Reload());
        _poll = new Timer(_ => Poll());
        lock (_gate)
        {
            Watch(config);
        }
        if (pollInterval is { } interval)
        {
            _poll.Change(interval, interval);
        }
    }

    /// <summary>Which files mean what (the run config lists the function's files), and a watcher per folder.</summary>
    private void Watch(FunctionConfig config)
    {
        var watched = new Dictionary<string, Change>(PathComparer);
        void Add(string path, Change change)
        {
            var full = Path.GetFullPath(path);
            watched[full] = watched.GetValueOrDefault(full) | change;
        }
        Add(_configFile, Change.Build);
        Add(config.PackageZip, Change.Build);
        if (!string.IsNullOrEmpty(config.ProjectFile))
        {
            Add(config.ProjectFile, Change.Project);
        }
        foreach (var file in config.Files ?? [])
        {
            Add(file.Path, Change.Source);
        }
        _watched = watched;
        _stamps = watched.Keys.ToDictionary(path => path, Stamp, PathComparer);

        _watchers.ForEach(w => w.Dispose());
        _watchers.Clear();
        IEnumerable<string> folders = _fileEvents
            ? watched.Keys.Select(path => Path.GetDirectoryName(path)!).Distinct(PathComparer).Where(Directory.Exists)
            : [];
        foreach (var folder in folders)
        {
            var watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            // A save by rename (write a temporary file, rename it over the old one) arrives as Renamed with the new name.
            watcher.Changed += (_, e) => Notice(e.FullPath);
            watcher.Created += (_, e) => Notice(e.FullPath);
            watcher.Renamed += (_, e) => Notice(e.FullPath);
            try
            {
                watcher.EnableRaisingEvents = true;
            }
            catch (IOException)
            {
                // Out of inotify watches, or a file system without events: the poll still sees changes.
            }
            _watchers.Add(watcher);
        }
    }

    private void Notice(string path)
    {
        lock (_gate)
        {
            if (_watched.TryGetValue(path, out var change))
            {
                _pending |= change;
                _settle.Change(Settle, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The fallback where file events do not fire: compares each file's length and time with the last look.</summary>
    private void Poll()
    {
        lock (_gate)
        {
            foreach (var (path, change) in _watched)
            {
                if (_stamps.GetValueOrDefault(path) != Stamp(path))
                {
                    _pending |= change;
                }
            }
            if (_pending != Change.None)
            {
                _settle.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Reload()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return; // a timer that fired while the emulator was stopping
            }
            var pending = _pending;
            _pending = Change.None;
            _stamps = _watched.Keys.ToDictionary(path => path, Stamp, PathComparer);
            if (pending.HasFlag(Change.Build))
            {
                ReloadBuild(); // built from the same files: it covers a save too
            }
            else if (pending.HasFlag(Change.Source))
            {
                ReloadSources();
            }
            if (pending.HasFlag(Change.Project))
            {
                Say($"{Path.GetFileName(_config.ProjectFile)} changed: its settings (environment variables, Timeout, new files...) "
                    + "apply after `dotnet build` in another terminal, which this emulator then serves.");
            }
        }
    }

    /// <summary>A `dotnet build` rewrote function.zip or the run config: serve what it built.</summary>
    private void ReloadBuild()
    {
        try
        {
            var config = FunctionConfig.Load(_configFile);
            var before = _host.Functions.Find(config.FunctionName)?.RevisionId;
            var function = config.Register(_host);
            _config = config;
            Watch(config); // the build may list other files
            if (function.RevisionId != before)
            {
                Say($"Reloaded {function.FunctionName} from the new build: the next invoke starts a new execution environment.");
            }
        }
        catch (Exception e) when (UsageError.IsUserError(e))
        {
            // Half-written by a build still running: the build's last write schedules another try.
            Say($"Could not reload the function yet: {e.Message}");
        }
    }

    /// <summary>A function file was saved: pack the sources as the build would and serve them, unless they do not parse.</summary>
    private void ReloadSources()
    {
        if (_config.Files is not { Count: > 0 } files)
        {
            return; // a run config written before the SDK listed the files: only builds are reloaded
        }
        var result = ProjectPackage.Build(files, Path.GetDirectoryName(_config.ProjectFile) ?? Environment.CurrentDirectory,
            _host.Services.GetRequiredService<FoundBash>());
        if (result.Missing && !_missingOnce)
        {
            _missingOnce = true; // an editor's save by rename: look again shortly
            _pending |= Change.Source;
            _settle.Change(MissingGrace, Timeout.InfiniteTimeSpan);
            return;
        }
        _missingOnce = false;
        if (result.Zip is null)
        {
            Say($"{result.Problem} Still serving the last good revision.");
            return;
        }
        try
        {
            var before = _host.Functions.Find(_config.FunctionName)?.RevisionId;
            var function = _config.Register(_host, result.Zip);
            if (function.RevisionId != before)
            {
                var sha = Convert.ToBase64String(SHA256.HashData(result.Zip));
                Say($"Reloaded {function.FunctionName} from its saved files, no build needed (CodeSha256 {sha}): the next invoke runs them.");
            }
        }
        catch (Exception e) when (UsageError.IsUserError(e))
        {
            Say($"Could not serve the saved files: {e.Message} Still serving the last good revision.");
        }
    }

    private void Say(string line) => _terminal.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    private static (long, DateTime) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, default);
    }

    public void Dispose()
    {
        _poll.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _watchers.ForEach(w => w.Dispose());
            _watchers.Clear();
        }
        _settle.Dispose();
    }
}
