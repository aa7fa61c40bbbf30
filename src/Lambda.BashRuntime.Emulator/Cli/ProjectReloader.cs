using Lambda.BashRuntime.Emulator.Hosting;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// While `dotnet run` serves, a `dotnet build` in another terminal rewrites function.zip (only when its bytes change)
/// and the function config: this registers the function again from them, so the next invoke runs the new code in a
/// new execution environment, as after update-function-code on AWS.
/// </summary>
internal sealed class ProjectReloader : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly string _configFile;
    private readonly EmulatorHost _host;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _timer;

    public ProjectReloader(string configFile, string packageZip, EmulatorHost host)
    {
        _configFile = configFile;
        _host = host;
        _timer = new Timer(_ => Reload());
        foreach (var file in new[] { configFile, packageZip }.Distinct())
        {
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(Path.GetFullPath(file))!, Path.GetFileName(file))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => Schedule();
            watcher.Created += (_, _) => Schedule();
            watcher.Renamed += (_, _) => Schedule();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>A build writes several files in a row: reload once they have settled.</summary>
    private void Schedule() => _timer.Change(Settle, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        try
        {
            var function = FunctionConfig.Load(_configFile).Register(_host);
            Console.Error.WriteLine($"Reloaded {function.FunctionName} from the new build: the next invoke starts a new execution environment.");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // Half-written by a build still running: the build's last write schedules another try.
            Console.Error.WriteLine($"Could not reload the function yet: {e.Message}");
        }
    }

    public void Dispose()
    {
        _watchers.ForEach(w => w.Dispose());
        _timer.Dispose();
    }
}
