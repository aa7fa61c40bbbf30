using System.Net;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// Init past Lambda's limit (10 s; 1 s here): the runtime is ended and started again, and the second init has the
/// function's own timeout, as Lambda retries the Init phase at the first invoke; a retried init that fails again logs
/// INIT_REPORT with Phase: invoke and its status (timeout, or error with its type) after the invoke's START. The test
/// plays the runtime.
/// </summary>
public sealed class InitRetryTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new();
    private readonly ScriptedRuntime _runtime = new();
    private readonly CapturedFunctionLogs _logs = new();
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 1,
            services: services =>
            {
                services.AddSingleton<IRuntimeLauncher>(_runtime);
                services.AddSingleton<Lambda.BashRuntime.Emulator.Logs.IFunctionLogSink>(_logs);
            },
            configure: options => options.InitTimeout = TimeSpan.FromSeconds(1));
        _emulator.Host.AddFunction("slow-start", _folder.Code, timeoutSeconds: 30);
        _emulator.Host.AddFunction("never-starts", _folder.Code, timeoutSeconds: 2);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_init_past_the_limit_is_retried_within_the_functions_timeout_and_the_invoke_succeeds()
    {
        var invoke = _emulator.InvokeAsync("slow-start", Utf8("{}"));
        var first = await _runtime.NextLaunchAsync();
        await File.AppendAllTextAsync(first.Launch.LogFile, "first init, too slow\n");
        // The first runtime never asks for the event: past the init limit it is ended, processes and all.
        var second = await _runtime.NextLaunchAsync();
        Assert.True(first.Killed);
        await File.AppendAllTextAsync(second.Launch.LogFile, "second init\n");

        using var next = await second.NextAsync();
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var deadline = long.Parse(Header(next, "Lambda-Runtime-Deadline-Ms")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(deadline - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1, 30_000); // the function's own 30 s
        (await second.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("\"started at last\""))).Dispose();

        using var response = await invoke;
        Assert.Null(Header(response, "X-Amz-Function-Error"));
        Assert.Equal("\"started at last\"", await response.Content.ReadAsStringAsync());
        var requestId = Header(response, "X-Amzn-RequestId");
        var log = Eventually.Utf8(_logs.Logs.Single());
        Assert.Matches(
            "^INIT_START Runtime Version: [^\n]+\nfirst init, too slow\n"
            + @"INIT_REPORT Init Duration: \d+\.\d\d ms" + "\tPhase: init\tStatus: timeout\n"
            + $"START RequestId: {requestId} Version: \\$LATEST\nsecond init\nEND RequestId: {requestId}\nREPORT RequestId: {requestId}\t",
            log);
        var initReport = Regex.Match(log, @"INIT_REPORT Init Duration: (\d+\.\d\d) ms");
        // The first init ran until it was cut (the limit is measured from the process start, the report a moment later
        // on a loaded machine: only that it was reported with a duration is checked).
        Assert.True(double.Parse(initReport.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, log);
        Assert.DoesNotContain("\tInit Duration:", log); // the retried init is part of the invoke's Duration
        Assert.False(second.Killed); // warm now
    }

    [Fact]
    public async Task A_retried_init_that_never_finishes_ends_as_the_invokes_timeout_and_logs_INIT_REPORT_Phase_invoke_Status_timeout()
    {
        var invoke = _emulator.InvokeAsync("never-starts", Utf8("{}"));
        var first = await _runtime.NextLaunchAsync();
        var second = await _runtime.NextLaunchAsync();

        using var timedOut = await invoke;
        Assert.Equal("Unhandled", Header(timedOut, "X-Amz-Function-Error"));
        var (type, message) = await ReadErrorAsync(timedOut);
        Assert.Equal("Sandbox.Timedout", type);
        Assert.EndsWith("Error: Task timed out after 2.00 seconds", message);
        Assert.True(first.Killed);
        Assert.True(second.Killed);
        var log = Eventually.Utf8(_logs.Logs.Single());
        Assert.Contains("\tPhase: init\tStatus: timeout\nSTART RequestId: ", log);
        Assert.Contains("Task timed out after 2.00 seconds\nEND RequestId: ", log);
        Assert.EndsWith("\tStatus: timeout\n", log);
        // The retried init's report comes after the invoke's START, with Phase: invoke, then the timeout line.
        var requestId = Header(timedOut, "X-Amzn-RequestId");
        Assert.Matches(
            "\tPhase: init\tStatus: timeout\n"
            + $"START RequestId: {requestId} Version: \\$LATEST\n"
            + @"INIT_REPORT Init Duration: \d+\.\d\d ms" + "\tPhase: invoke\tStatus: timeout\n"
            + $@"\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z {requestId} Task timed out after 2\.00 seconds\nEND RequestId: {requestId}\n",
            log);
    }

    [Fact]
    public async Task A_retried_init_whose_runtime_exits_logs_INIT_REPORT_Phase_invoke_Status_error_with_its_type()
    {
        var invoke = _emulator.InvokeAsync("never-starts", Utf8("{}"));
        await _runtime.NextLaunchAsync();
        var retry = await _runtime.NextLaunchAsync();
        await File.AppendAllTextAsync(retry.Launch.LogFile, "retried init gives up\n");
        retry.Exit(3);

        using var failed = await invoke;
        var requestId = Header(failed, "X-Amzn-RequestId");
        var log = Eventually.Utf8(_logs.Logs.Single());
        Assert.Matches(
            $"START RequestId: {requestId} Version: \\$LATEST\nretried init gives up\n"
            + @"INIT_REPORT Init Duration: \d+\.\d\d ms" + "\tPhase: invoke\tStatus: error\tError Type: Runtime.ExitError\n",
            log);
        Assert.Single(Regex.Matches(log, "Phase: invoke"));
    }
}
