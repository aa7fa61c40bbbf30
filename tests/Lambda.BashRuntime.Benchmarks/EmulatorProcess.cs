using System.Diagnostics;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>The emulator as its own process (as `dotnet run` starts it), with its resource figures.</summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    public int Port { get; }

    /// <summary>From spawning the process to its "listening" line.</summary>
    public TimeSpan StartedIn { get; private init; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>A client of the Invoke API and control plane, sending the SigV4 header the emulator requires.</summary>
    public HttpClient CreateClient() => new(new Lambda.BashRuntime.Testing.LocalAwsAuthorization { InnerHandler = new HttpClientHandler() })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private EmulatorProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Starts `start --port 0` plus <paramref name="arguments"/> (start options, and root options such as --function-config FILE: they are recursive); <see cref="StartedIn"/> is spawn to listening.</summary>
    public static async Task<EmulatorProcess> StartAsync(string emulatorDll, params string[] arguments)
    {
        var spawned = Stopwatch.GetTimestamp();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", emulatorDll, "start", "--port", "0", "--no-console" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        // Waits for "Local Lambda listening on http://127.0.0.1:PORT ...", then drains the function logs that follow
        // so that a full pipe never stalls the emulator.
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("the emulator exited at start"));
            }
            else if (e.Data.StartsWith("Local Lambda listening on ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data.Split(' ')[4]).Port);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(120));
            return new EmulatorProcess(process, port) { StartedIn = Stopwatch.GetElapsedTime(spawned) };
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the emulator shuts down gracefully and stops its runtimes (SIGINT may be ignored in background jobs).
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
