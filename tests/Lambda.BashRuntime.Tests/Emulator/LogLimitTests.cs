using System.Net;
using System.Text;
using Lambda.BashRuntime.Emulator.Logs;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// A function's log is bounded per invocation: past the cap the terminal gets the start, a "log truncated" line and
/// the last 4 KB (what Tail shows), and reading never holds more than the cap, whatever the runtime wrote. One slot,
/// so each answer after a hostile call also proves its slot was given back.
/// </summary>
public sealed class LogLimitTests : IAsyncLifetime
{
    private const int Cap = 64 * 1024;
    private readonly FunctionFolder _folder = new(true, ("hostile.sh", Hostile));
    private readonly CapturedFunctionLogs _logs = new();
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 1,
            services: s => s.AddSingleton<IFunctionLogSink>(_logs),
            configure: o => o.MaxLogBytesPerInvocation = Cap);
        _emulator.Host.AddFunction("hostile", _folder.Code, handler: "hostile.handler", timeoutSeconds: 10);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_log_past_the_cap_keeps_its_start_a_truncated_line_and_its_last_4_KB()
    {
        using var response = await _emulator.InvokeAsync("hostile", Utf8("""{"do":"flood"}"""), logType: "Tail");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""done {"do":"flood"}""", await response.Content.ReadAsStringAsync());
        var log = Encoding.UTF8.GetString(_logs.Logs.Single());
        Assert.StartsWith("INIT_START Runtime Version: ", log); // a cold start
        Assert.Contains("\nSTART RequestId: ", log);
        Assert.InRange(log.Length, Cap, Cap + 1024); // the cap, plus START, END, REPORT and the truncated line
        Assert.Matches(@"\n\[log truncated: \d+ bytes skipped; the emulator keeps at most 65536 bytes of log per invocation, the start and the last 4096\]\n", log);
        Assert.Contains("the last line\nEND RequestId: ", log);

        var tail = Convert.FromBase64String(Header(response, "X-Amz-Log-Result")!);
        Assert.Equal(InvocationLog.TailBytes, tail.Length);
        Assert.Contains("the last line", Encoding.UTF8.GetString(tail));
    }

    [Fact]
    public async Task A_handler_that_makes_its_log_file_3_GB_is_answered_and_gives_its_slot_back_every_time()
    {
        for (var i = 0; i < 5; i++)
        {
            using var response = await _emulator.InvokeAsync("hostile", Utf8("""{"do":"sparse"}"""), logType: "Tail");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(Header(response, "X-Amz-Function-Error"));
            Assert.Equal("""done {"do":"sparse"}""", await response.Content.ReadAsStringAsync());
        }

        using var after = await _emulator.InvokeAsync("hostile", Utf8("""{"do":"nothing"}"""));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.All(_logs.Logs.Take(5), log => Assert.InRange(log.Length, 0, Cap + 1024));
        Assert.Contains("[log truncated: ", Encoding.UTF8.GetString(_logs.Logs[0]));
        // The runtime's log file was emptied after each read: the 3 GB never stays on disk.
        var logFile = _emulator.Host.Services.GetPool().Environments().Single().Log.Path;
        Assert.InRange(new FileInfo(logFile).Length, 0, 1024 * 1024);
    }
}
