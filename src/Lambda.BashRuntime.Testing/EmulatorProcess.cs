using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lambda.BashRuntime.Testing;

/// <summary>
/// The local Lambda emulator running as its own process, serving (its `start` command, which `dotnet run` also runs):
/// <see cref="StartAsync"/> starts it and waits for its "Local Lambda listening on URL" line, then reads the rest of
/// what it prints (so that a full pipe never stalls it) and keeps the last MiB or two of each stream.
/// Disposing it stops it gracefully, then kills its process tree. <see cref="LocalLambda"/> is built on it; use it
/// directly to run the emulator with options of your own.
/// </summary>
/// <example>
/// <code>
/// var start = EmulatorProcess.Command(emulatorPath, ["start", "--port", "0", "--no-console"]); // a .dll or the native build
/// await using var emulator = await EmulatorProcess.StartAsync(start, TimeSpan.FromSeconds(30));
/// // emulator.Endpoint is http://127.0.0.1:PORT/
/// </code>
/// </example>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private const int KeptChars = 1 << 20;
    private static readonly TimeSpan OutputEndTimeout = TimeSpan.FromSeconds(10);

    private readonly string _description;
    private readonly object _gate = new();
    private readonly List<string> _errorLines = [];
    private readonly StringBuilder _output = new();
    private readonly Task _reading;
    private TaskCompletionSource _lineRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _errorChars;
    private int _nextLine; // where WaitForLineAsync looks from
    private bool _errorEnded;
    private bool _disposed;

    private EmulatorProcess(Process process, string description)
    {
        Process = process;
        _description = description;
        _reading = Task.WhenAll(Task.Run(ReadErrorAsync), Task.Run(ReadOutputAsync));
    }

    /// <summary>
    /// The process itself: its id, whether it has exited and its exit code. Its output streams are read by this object;
    /// read them through <see cref="StandardOutput"/>, <see cref="StandardError"/> and <see cref="WaitForLineAsync"/>.
    /// </summary>
    public Process Process { get; }

    /// <summary>The endpoint named by the listening line, such as http://127.0.0.1:5050/ (with a final slash: a base address).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What the process has printed on stdout so far (its last MiB or two).</summary>
    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What the process has printed on stderr so far (its last MiB or two), one line after another.</summary>
    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return string.Concat(_errorLines.Select(line => line + "\n"));
            }
        }
    }

    /// <summary>
    /// The emulator at <paramref name="emulatorPath"/> with <paramref name="arguments"/>, its output redirected:
    /// `dotnet exec` for the IL build (a .dll), the file itself for the native one (the SDK's linux-x64 build).
    /// </summary>
    public static ProcessStartInfo Command(string emulatorPath, IEnumerable<string> arguments)
    {
        var isAssembly = emulatorPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isAssembly ? "dotnet" : emulatorPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in isAssembly ? ["exec", emulatorPath, .. arguments] : arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    /// <summary>
    /// Starts <paramref name="start"/> (its output is redirected here) and waits for the listening line on its stderr.
    /// The process may be the emulator itself (see <see cref="Command"/>) or anything that runs it and passes its stderr
    /// on, such as `dotnet run` in a function project.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process could not start, or it stopped before listening.</exception>
    /// <exception cref="TimeoutException">It did not print the listening line within <paramref name="timeout"/>.</exception>
    /// <remarks>On failure, the process tree is killed and the message includes what the process printed.</remarks>
    public static async Task<EmulatorProcess> StartAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var description = string.Join(' ', [start.FileName, .. start.ArgumentList]);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {description}");
        var emulator = new EmulatorProcess(process, description);
        try
        {
            emulator.Endpoint = ListeningLine.Parse(await emulator.WaitForLineAsync(ListeningLine.Prefix, timeout, cancellationToken));
            return emulator;
        }
        catch
        {
            await emulator.StopAsync(TimeSpan.Zero);
            emulator.Process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits for the next line on stderr that contains <paramref name="text"/> (looking past the lines that this method
    /// and <see cref="StartAsync"/> already returned) and returns it. Lines pushed out of what is kept are not seen.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process closed its stderr (stopped) before printing it.</exception>
    /// <exception cref="TimeoutException">It did not print it within <paramref name="timeout"/>.</exception>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task lineRead;
            bool ended;
            lock (_gate)
            {
                for (; _nextLine < _errorLines.Count; _nextLine++)
                {
                    if (_errorLines[_nextLine].Contains(text, StringComparison.Ordinal))
                    {
                        return _errorLines[_nextLine++];
                    }
                }
                ended = _errorEnded;
                lineRead = _lineRead.Task;
            }
            if (ended)
            {
                var exit = Process.WaitForExit(TimeSpan.FromSeconds(5)) ? $" (exit code {Process.ExitCode})" : "";
                throw new InvalidOperationException($"{_description} stopped{exit} before printing '{text}'. {Printed()}");
            }
            try
            {
                await lineRead.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"{_description} did not print '{text}' within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s. {Printed()}");
            }
        }
    }

    /// <summary>
    /// Stops the process: SIGTERM, which the emulator handles as Ctrl+C (it stops its runtimes, then exits), and if it
    /// has not exited within <paramref name="gracePeriod"/>, kills its whole process tree. With a zero grace period (and
    /// on Windows, where there is no signal to send) it kills the tree at once. Then waits for the end of its output.
    /// </summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (!Process.HasExited && gracePeriod > TimeSpan.Zero && !OperatingSystem.IsWindows())
        {
            // SIGTERM, not SIGINT: a test host started in the background may have SIGINT ignored, and children inherit that.
            using (var terminate = Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(gracePeriod);
            try
            {
                await Process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (!Process.HasExited)
        {
            try
            {
                Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile
            }
            await Process.WaitForExitAsync();
        }
        try
        {
            await _reading.WaitAsync(OutputEndTimeout);
        }
        catch (TimeoutException)
        {
            // something it started still holds its output open: what was read is what there is
        }
    }

    /// <summary>Stops the process (<see cref="StopAsync"/> with 10 s of grace) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await StopAsync(TimeSpan.FromSeconds(10));
        Process.Dispose();
    }

    private string Printed()
    {
        var output = StandardOutput;
        return $"It printed on stderr:\n{StandardError}" + (output.Length == 0 ? "" : $"and on stdout:\n{output}");
    }

    private async Task ReadErrorAsync()
    {
        try
        {
            while (await Process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_gate)
                {
                    _errorLines.Add(line);
                    _errorChars += line.Length + 1;
                    if (_errorChars > 2 * KeptChars)
                    {
                        var dropped = 0;
                        for (; _errorChars > KeptChars; dropped++)
                        {
                            _errorChars -= _errorLines[dropped].Length + 1;
                        }
                        _errorLines.RemoveRange(0, dropped);
                        _nextLine = Math.Max(0, _nextLine - dropped);
                    }
                    Signal();
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the process was released while its output was read
        }
        finally
        {
            lock (_gate)
            {
                _errorEnded = true;
                Signal();
            }
        }
    }

    private async Task ReadOutputAsync()
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await Process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_gate)
                {
                    _output.Append(buffer, 0, read);
                    if (_output.Length > 2 * KeptChars)
                    {
                        _output.Remove(0, _output.Length - KeptChars);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the process was released while its output was read
        }
    }

    private void Signal()
    {
        var lineRead = _lineRead;
        _lineRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lineRead.SetResult();
    }
}
