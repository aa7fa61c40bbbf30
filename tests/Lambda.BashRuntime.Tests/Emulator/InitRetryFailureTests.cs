using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// A retried init (init past Lambda's limit, 1 s here, is retried at the first invoke within the function's timeout)
/// that fails again: Lambda logs INIT_REPORT with Phase: invoke and the status (timeout, or error with its type) after
/// the invoke's START. The test plays the runtime.
/// </summary>
public sealed class InitRetryFailureTests : IAsyncLifetime
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
        _emulator.Host.AddFunction("retried", _folder.Code, timeoutSeconds: 2);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_retried_init_past_the_timeout_logs_INIT_REPORT_Phase_invoke_Status_timeout()
    {
        var invoke = _emulator.InvokeAsync("retried", Utf8("{}"));
        await _runtime.NextLaunchAsync();
        await _runtime.NextLaunchAsync(); // the retry, which never asks for the event either

        using var timedOut = await invoke;
        var requestId = Header(timedOut, "X-Amzn-RequestId");
        var log = Eventually.Utf8(_logs.Logs.Single());
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
        var invoke = _emulator.InvokeAsync("retried", Utf8("{}"));
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
