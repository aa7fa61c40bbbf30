using System.Globalization;
using System.Net;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Hosts;

/// <summary>
/// The macOS way on Linux: setsid hidden from the launcher (<see cref="ProcessGroupLauncher.WithoutSetsid"/>), no
/// sandbox. Runtimes that exit, crash, time out, are killed or retired leave the emulator (this test process) serving
/// and their background processes gone, and each runtime leads a process group that is not the emulator's. Were the
/// wrapper's watchdog (`kill -KILL 0`) ever to reach the emulator's group, this test process would die with it.
/// Two slots: the invoke after a failure never waits for the failed environment's slot to be released.
/// </summary>
public sealed class WithoutSetsidTests : IAsyncLifetime
{
    private const string ProcFs = "it finds processes and their groups in /proc (on macOS this launch is the real one)";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly FunctionFolder _folder = new(true, ("run.sh", Run), ("special.sh", Special), ("exit.sh", ExitOnLoad));
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2, configure: o => o.Sandbox = SandboxMode.None,
            services: s => s.AddSingleton(ProcessGroupLauncher.WithoutSetsid));
        _emulator.Host.AddFunction("run", _folder.Code, handler: "run.handler", timeoutSeconds: 60);
        _emulator.Host.AddFunction("special", _folder.Code, handler: "special.handler");
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>A handler file whose loading starts a background process, then ends the runtime with exit 4.</summary>
    private const string ExitOnLoad = """
        # shellcheck shell=bash
        sleep "1000.$MARK" >/dev/null 2>&1 </dev/null &
        exit 4
        """;

    private static string Mark() => Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>`sleep 1000.MARK` in the background of the handler, holding nothing of the runtime's output.</summary>
    private static string Background(string mark) => $"sleep 1000.{mark} >/dev/null 2>&1 </dev/null &";

    [LinuxFact(ProcFs)]
    public async Task The_runtime_leads_a_process_group_that_is_not_the_emulators()
    {
        using var answered = await _emulator.InvokeAsync("run", Utf8("\"ps -o pgid= -p $$\""));

        var pid = _emulator.Host.Services.GetPool().Environments().Single().Process!.Id;
        Assert.Equal($"{pid}\nstatus 0", (await answered.Content.ReadAsStringAsync()).TrimStart());
        Assert.NotEqual(ProcessGroupOf(Environment.ProcessId), pid);
    }

    [LinuxFact(ProcFs)]
    public async Task A_runtime_that_exits_leaves_the_emulator_serving_and_no_background_process()
    {
        var mark = Mark();
        _emulator.Host.AddFunction("exiting", _folder.Code, handler: "exit.handler", environment: new Dictionary<string, string> { ["MARK"] = mark });

        using var exited = await _emulator.InvokeAsync("exiting", Utf8("{}"));

        var (type, message) = await ReadErrorAsync(exited);
        Assert.Equal("Runtime.ExitError", type);
        Assert.EndsWith("exit status 4", message);
        await AssertGoneAndServingAsync(mark);
    }

    [LinuxFact(ProcFs)]
    public async Task A_runtime_that_crashes_leaves_the_emulator_serving_and_no_background_process()
    {
        var mark = Mark();
        using var crashed = await _emulator.InvokeAsync("run", Utf8($"\"{Background(mark)} kill -SEGV $$\""));

        var (type, message) = await ReadErrorAsync(crashed);
        Assert.Equal("Runtime.ExitError", type);
        Assert.EndsWith("signal: segmentation fault", message);
        await AssertGoneAndServingAsync(mark);
    }

    [LinuxFact(ProcFs)]
    public async Task A_runtime_killed_from_outside_leaves_the_emulator_serving_and_no_background_process()
    {
        var mark = Mark();
        using var killed = await _emulator.InvokeAsync("run", Utf8($"\"{Background(mark)} kill -KILL $$\""));

        Assert.Equal("Runtime.ExitError", (await ReadErrorAsync(killed)).ErrorType);
        await AssertGoneAndServingAsync(mark);
    }

    [LinuxFact(ProcFs)]
    public async Task A_timeout_leaves_the_emulator_serving_and_no_background_process()
    {
        var mark = Mark();
        _emulator.Host.AddFunction("slow", _folder.Code, handler: "run.handler", timeoutSeconds: 1);

        using var timedOut = await _emulator.InvokeAsync("slow", Utf8($"\"{Background(mark)} sleep 30\""));

        Assert.Equal("Sandbox.Timedout", (await ReadErrorAsync(timedOut)).ErrorType);
        await AssertGoneAndServingAsync(mark);
    }

    [LinuxFact(ProcFs)]
    public async Task A_retired_environment_leaves_the_emulator_serving_and_no_background_process()
    {
        var mark = Mark();
        using (var answered = await _emulator.InvokeAsync("run", Utf8($"\"{Background(mark)} true\"")))
        {
            Assert.Equal("status 0", await answered.Content.ReadAsStringAsync());
        }
        Assert.True(await HostProcesses.WaitUntilRunningAsync(Generous, "sleep", "1000." + mark));

        _emulator.Host.AddFunction("run", _folder.Code, handler: "run.handler", timeoutSeconds: 60); // a new revision: the idle one is retired

        await AssertGoneAndServingAsync(mark);
    }

    [LinuxFact(ProcFs)]
    public async Task The_watchdog_of_a_runtime_whose_emulator_is_gone_kills_the_runtimes_group_and_never_its_parents()
    {
        // A stand-in emulator (its own session, so this test process is never at risk): it starts the runtime's wrapper
        // through the starter, as the launcher does without setsid, with a pipe on its stdin that it then closes (as the
        // kernel does when an emulator is killed). Without the starter the wrapper runs in the parent's group, and its
        // watchdog's `kill -KILL 0` killed the parent too: "parent alive" was never printed.
        var mark = Mark();
        using var log = new TempFolder();
        var parent = $$"""
            printf 'PATH=/usr/bin:/bin\0' >"$LAUNCH"
            { sleep 1; } | bash -c "$STARTER" group-start bash -c "$WRAPPER" runtime "" "" "$LOG" "$LAUNCH" env sleep 1000.{{mark}} >/dev/null
            echo "parent alive, runtime status $?"
            """;
        var result = await Command.RunAsync("setsid", ["bash", "-c", parent], environment: new Dictionary<string, string?>
        {
            ["STARTER"] = ProcessGroupLauncher.Starter,
            ["WRAPPER"] = RuntimeLauncher.Wrapper.Replace("LIMITS", ""),
            ["LOG"] = Path.Combine(log.Path, "runtime.log"),
            ["LAUNCH"] = Path.Combine(log.Path, "runtime.launch"), // the runtime's environment, NUL-separated
        }, timeout: Generous);

        Assert.Equal("parent alive, runtime status 137\n", result.Output);
        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(Generous, "sleep", "1000." + mark));
    }

    private async Task AssertGoneAndServingAsync(string mark)
    {
        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(Generous, "sleep", "1000." + mark));
        using var served = await _emulator.InvokeAsync("special", Utf8("""{"after":"ended"}"""));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("ok {\"after\":\"ended\"}", await served.Content.ReadAsStringAsync());
    }

    private static int ProcessGroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], CultureInfo.InvariantCulture); // state ppid pgrp
    }
}
