using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lambda.BashRuntime.Emulator.FunctionUrls;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Testing;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// Held-open connections cannot use up the emulator's file descriptors: started with `ulimit -n 512`, it closes
/// connections past its per-listener limit, stays up and answers once they are gone.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task More_held_connections_than_descriptors_leave_the_emulator_up_and_answering()
    {
        var start = new ProcessStartInfo("bash",
            ["-c", "ulimit -n 512 && exec dotnet exec \"$0\" start --port 0 --max-concurrency 2", typeof(EmulatorHost).Assembly.Location]);
        await using var emulator = await EmulatorProcess.StartAsync(start, TimeSpan.FromSeconds(60));
        var endpoint = emulator.Endpoint;
        var held = new List<Socket>();
        try
        {
            var refused = 0; // reset while connecting: the emulator closed it before the connect call returned
            for (var i = 0; i < 700; i++) // past 512 descriptors
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, endpoint.Port);
                    held.Add(socket);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
                {
                    socket.Dispose();
                    refused++;
                }
            }
            // Connections past the limit are closed (reset) by the emulator at once.
            var closed = refused;
            foreach (var socket in held.AsEnumerable().Reverse().Take(100))
            {
                closed += await IsClosedAsync(socket) ? 1 : 0;
            }
            Assert.InRange(closed, 100, 700);
            Assert.False(emulator.Process.HasExited);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }

        using var http = SignedHttp.Create(endpoint);
        using var response = await OnceReleasedAsync(() => http.GetAsync("/2015-03-31/functions/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(emulator.Process.HasExited);
    }

    /// <summary>
    /// .NET loads an assembly on first use, and a load that fails because a flood used up the descriptors at that moment
    /// fails for the life of the process: found when Kestrel's status-line table (it needs WebUtilities) failed to
    /// initialize during the test above, and every answer on every port failed after it. So everything is loaded before
    /// the ports open; these are assemblies that nothing touches at start otherwise.
    /// </summary>
    [LinuxFact("it reads the emulator's mapped files in /proc")]
    public async Task Assemblies_the_emulator_uses_later_are_loaded_before_its_ports_open()
    {
        string[] usedLater =
        [
            "Microsoft.AspNetCore.WebUtilities", // Kestrel's status lines, query strings
            "System.IO.Compression", // unpacking a function's code
            "System.Text.RegularExpressions", // checking names and ARNs
            "Microsoft.AspNetCore.Http.Results", // the control plane's answers
        ];
        await using var emulator = await EmulatorProcess.StartAsync(
            EmulatorProcess.Command(typeof(EmulatorHost).Assembly.Location, ["start", "--port", "0", "--sandbox", "none"]), TimeSpan.FromSeconds(60));
        var mapped = File.ReadLines($"/proc/{emulator.Process.Id}/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
            .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .ToHashSet();
        Assert.Empty(usedLater.Except(mapped));
    }

    [Fact]
    public async Task A_function_URL_port_closes_connections_past_its_limit_and_keeps_answering()
    {
        await using var emulator = await TestEmulator.StartAsync(configure: o => o.MaxConnectionsPerListener = 4);
        var port = await emulator.Host.Services.GetRequiredService<FunctionUrlServers>()
            .StartAsync(new FunctionUrlTarget("nobody", ""), 0, FunctionUrlValidation.None);
        var held = new List<Socket>();
        try
        {
            var closed = 0;
            for (var i = 0; i < 10; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port);
                    held.Add(socket);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
                {
                    socket.Dispose(); // closed by the emulator before the connect call returned
                    closed++;
                }
            }
            foreach (var socket in held)
            {
                closed += await IsClosedAsync(socket, TimeSpan.FromSeconds(2)) ? 1 : 0;
            }
            Assert.Equal(6, closed); // the first four stay open, waiting for a request
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }

        using var http = new HttpClient();
        using var response = await OnceReleasedAsync(() => http.GetAsync($"http://127.0.0.1:{port}/"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // no such function: answered, as AWS does
    }

    /// <summary>
    /// Sends once the connections just closed by the test are counted down: the server notices each closed connection
    /// a moment later, and until then a new one is still past the limit and closed (up to 5 s of retries).
    /// </summary>
    private static async Task<HttpResponseMessage> OnceReleasedAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await send();
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<bool> IsClosedAsync(Socket socket, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await socket.ReceiveAsync(new byte[1], SocketFlags.None, timeout.Token) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false; // still open
        }
    }

    private static async Task<bool> IsClosedAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await socket.ReceiveAsync(new byte[1], SocketFlags.None, timeout.Token) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }
}
