using System.Net;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// Real runtimes that fail, each followed by an invoke that succeeds. One concurrency slot, so each success also
/// proves the failed environment was removed and its slot reused.
/// </summary>
[Trait("Category", TestBash.Category)]
public sealed class FailureTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new(true, ("special.sh", Handlers.Special), ("crash.sh", Handlers.CrashOnLoad));
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 1);
        var testOut = new Dictionary<string, string> { ["TEST_OUT"] = _folder.Output };
        _emulator.Host.AddFunction("special", _folder.Code, handler: "special.handler", environment: testOut);
        _emulator.Host.AddFunction("sleeper", _folder.Code, handler: "special.handler", timeoutSeconds: 1, environment: testOut);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [ScriptFact]
    public async Task A_handler_that_exits_non_zero_is_a_HandlerError_and_the_runtime_stays_warm()
    {
        using var failed = await _emulator.InvokeAsync("special", Utf8("""{"do":"exit"}"""));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal("Unhandled", Header(failed, "X-Amz-Function-Error"));
        var (type, message) = await ReadErrorAsync(failed);
        Assert.Equal("HandlerError", type);
        Assert.Contains("exited with status 3", message);

        var pid = _emulator.Host.Services.GetPool().Environments().Single().Process!.Id;
        await AssertNextInvokeSucceedsAsync();
        Assert.Equal(pid, _emulator.Host.Services.GetPool().Environments().Single().Process!.Id);
    }

    [ScriptFact(LinuxOnlyBecause = "it finds the handler's processes in /proc")]
    public async Task A_timeout_answers_Sandbox_Timedout_and_kills_the_whole_process_group()
    {
        var mark = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var timedOut = await _emulator.InvokeAsync("sleeper", Utf8($$"""{"do":"sleep","mark":{{mark}}}"""));
        Assert.Equal(HttpStatusCode.OK, timedOut.StatusCode);
        Assert.Equal("Unhandled", Header(timedOut, "X-Amz-Function-Error"));
        var (type, message) = await ReadErrorAsync(timedOut);
        Assert.Equal("Sandbox.Timedout", type);
        Assert.Matches($"^RequestId: {Header(timedOut, "X-Amzn-RequestId")} Error: Task timed out after 1.00 seconds$", message);

        // The handler's `sleep 30.MARK` (a grandchild of the runtime) is dead or has SIGKILL pending.
        Assert.Empty(HostProcesses.Running("sleep", "30." + mark));
        await AssertNextInvokeSucceedsAsync();
    }

    [ScriptFact]
    public async Task A_runtime_killed_mid_invoke_is_Runtime_ExitError()
    {
        using var killed = await _emulator.InvokeAsync("special", Utf8("""{"do":"kill"}"""));
        Assert.Equal("Unhandled", Header(killed, "X-Amz-Function-Error"));
        var (type, message) = await ReadErrorAsync(killed);
        Assert.Equal("Runtime.ExitError", type);
        Assert.Equal($"RequestId: {Header(killed, "X-Amzn-RequestId")} Error: Runtime exited with error: signal: killed", message);
        await AssertNextInvokeSucceedsAsync();
    }

    [ScriptFact]
    public async Task A_missing_handler_is_reported_through_init_error()
    {
        _emulator.Host.AddFunction("no-handler", _folder.Code, handler: "missing.handler");
        using var failed = await _emulator.InvokeAsync("no-handler", Utf8("{}"));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal("Unhandled", Header(failed, "X-Amz-Function-Error"));
        var (type, message) = await ReadErrorAsync(failed);
        Assert.Equal("Runtime.HandlerNotFound", type);
        Assert.Contains("missing.sh not found", message);
        await AssertNextInvokeSucceedsAsync();
    }

    [ScriptFact]
    public async Task A_runtime_that_exits_during_start_up_is_Runtime_ExitError()
    {
        _emulator.Host.AddFunction("crash", _folder.Code, handler: "crash.handler");
        using var failed = await _emulator.InvokeAsync("crash", Utf8("{}"), logType: "Tail");
        var (type, message) = await ReadErrorAsync(failed);
        Assert.Equal("Runtime.ExitError", type);
        Assert.EndsWith("Error: Runtime exited with error: exit status 4", message);
        var log = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Header(failed, "X-Amz-Log-Result")!));
        Assert.Contains("cannot start", log);
        await AssertNextInvokeSucceedsAsync();
    }

    [ScriptFact]
    public async Task A_package_without_bootstrap_is_Runtime_InvalidEntrypoint()
    {
        using var empty = new FunctionFolder(withBootstrap: false);
        _emulator.Host.AddFunction("no-bootstrap", empty.Code);
        using var failed = await _emulator.InvokeAsync("no-bootstrap", Utf8("{}"));
        var (type, message) = await ReadErrorAsync(failed);
        Assert.Equal("Runtime.InvalidEntrypoint", type);
        // Lambda's paths, not the local folders that stand in for them.
        Assert.EndsWith("Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]", message);
        await AssertNextInvokeSucceedsAsync();
    }

    private async Task AssertNextInvokeSucceedsAsync()
    {
        using var response = await _emulator.InvokeAsync("special", Utf8("""{"after":"failure"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "X-Amz-Function-Error"));
        Assert.Equal("ok {\"after\":\"failure\"}", await response.Content.ReadAsStringAsync());
    }
}
