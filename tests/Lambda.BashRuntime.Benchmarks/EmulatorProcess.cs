using System.Diagnostics;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>
/// The emulator as its own process (as `dotnet run` starts it), with its resource figures: the repository's one
/// emulator-process helper (Lambda.BashRuntime.Testing.EmulatorProcess) starts, reads and stops it.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Testing.EmulatorProcess _emulator;
    private readonly Process _process;

    public int Port => _emulator.Endpoint.Port;

    /// <summary>From spawning the process to its "listening" line.</summary>
    public TimeSpan StartedIn { get; private init; }

    public Uri BaseAddress => _emulator.Endpoint;

    /// <summary>A client of the Invoke API and control plane, sending the SigV4 header the emulator requires.</summary>
    public HttpClient CreateClient() => new(new Testing.LocalAwsAuthorization { InnerHandler = new HttpClientHandler() })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private EmulatorProcess(Testing.EmulatorProcess emulator)
    {
        _emulator = emulator;
        _process = emulator.Process;
    }

    /// <summary>Starts `start --port 0` plus <paramref name="arguments"/> (start options, and root options such as --function-config FILE: they are recursive); <see cref="StartedIn"/> is spawn to listening.</summary>
    public static async Task<EmulatorProcess> StartAsync(string emulatorPath, params string[] arguments)
    {
        var spawned = Stopwatch.GetTimestamp();
        var start = Testing.EmulatorProcess.Command(emulatorPath, ["start", "--port", "0", "--no-console", .. arguments]);
        var emulator = await Testing.EmulatorProcess.StartAsync(start, TimeSpan.FromSeconds(120));
        return new EmulatorProcess(emulator) { StartedIn = Stopwatch.GetElapsedTime(spawned) };
    }

    /// <summary>Resident memory of the emulator process itself, in MiB.</summary>
    public double ResidentMiB
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
    }

    public int OpenFileDescriptors => Directory.GetFiles($"/proc/{_process.Id}/fd").Length;

    /// <summary>Every live process below the emulator (runtimes and what they started).</summary>
    public int Descendants
    {
        get
        {
            var parents = new Dictionary<int, int>();
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    try
                    {
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                        parents[pid] = int.Parse(fields[1]);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
            return parents.Keys.Count(pid => IsBelow(pid, _process.Id, parents));
        }
    }

    private static bool IsBelow(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (var p = parents.GetValueOrDefault(pid); p > 1; p = parents.GetValueOrDefault(p))
        {
            if (p == ancestor)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>SIGTERM: the emulator shuts down gracefully and stops its runtimes; killed with them after 10 s.</summary>
    public ValueTask DisposeAsync() => _emulator.DisposeAsync();
}
