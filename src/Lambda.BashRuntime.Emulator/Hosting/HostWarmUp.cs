using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// Runs the emulator's own first-time work before any runtime starts, so that it is not billed to the function: the
/// first process start (.NET loads and compiles its process code) and the first requests on a Runtime API port
/// (Kestrel's connection and parsing code, the guard, routing, the handlers, writing an answer). Measured on a fresh
/// `invoke` of the template function: without it, that work showed up as hundreds of milliseconds of Init Duration
/// and Duration; see the README's timing figures.
/// </summary>
internal static class HostWarmUp
{
    public static async Task RunAsync(int runtimePort)
    {
        try
        {
            var start = new ProcessStartInfo(File.Exists("/bin/sh") ? "/bin/sh" : "sh")
            {
                UseShellExecute = false,
                RedirectStandardInput = true, // as the runtime launcher starts processes (its watchdog pipe)
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(":");
            start.Environment.Clear();
            using (var process = Process.Start(start)!)
            {
                await process.WaitForExitAsync();
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            // no shell (Windows): nothing to warm there
        }
        // A fresh connection per request, as the bash runtime makes them. The port has no environment yet, so these
        // are answered "unknown environment" and change nothing.
        var host = $"127.0.0.1:{runtimePort}";
        await SendAsync(runtimePort, $"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        await SendAsync(runtimePort, $"POST /2018-06-01/runtime/invocation/warm-up/response HTTP/1.1\r\nHost: {host}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        await SendAsync(runtimePort, $"POST /2018-06-01/runtime/invocation/warm-up/error HTTP/1.1\r\nHost: {host}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    }

    private static async Task SendAsync(int port, string request)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await socket.SendAsync(Encoding.ASCII.GetBytes(request));
            var buffer = new byte[4096];
            while (await socket.ReceiveAsync(buffer) > 0)
            {
                // read the answer to its end: the server's whole path has run
            }
        }
        catch (SocketException)
        {
        }
    }
}
