using System.Globalization;
using System.Net;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Security;

/// <summary>
/// What a function's code can reach on the host: its variables reach no host-side process (the wrapper and bwrap
/// that start it), bwrap's command line (and with it every host folder it binds) is not in view, and an environment
/// runs at most 1,024 processes where a pids cgroup exists.
/// </summary>
public sealed class FunctionIsolationTests : IDisposable
{
    private readonly FunctionFolder _folder = new(true, ("sandbox.sh", Handlers.Run));
    private readonly TempFolder _host = new();

    public void Dispose()
    {
        _folder.Dispose();
        _host.Dispose();
    }

    [BwrapFact]
    public async Task A_functions_BASH_ENV_runs_inside_its_sandbox_only_never_on_the_host()
    {
        // The probe's attack: a function's BASH_ENV (or LD_PRELOAD) was the environment of the host-side wrapper too,
        // so the file ran on the host at the next cold start.
        var marker = Path.Combine(_host.Path, "ran-on-the-host");
        var script = Path.Combine(_host.Path, "bash-env.sh");
        File.WriteAllText(script, $"echo pwned >{marker}\n");
        await using var emulator = await TestEmulator.StartAsync();
        emulator.Host.AddFunction("run", _folder.Code, handler: "sandbox.handler", timeoutSeconds: 5,
            environment: new Dictionary<string, string> { ["BASH_ENV"] = script });

        Assert.Equal("status 0", await RunAsync(emulator, "true"));

        Assert.False(File.Exists(marker), "the function's BASH_ENV ran in a host-side process");
    }

    [Fact]
    public async Task Without_the_sandbox_the_host_side_wrapper_runs_with_a_fixed_environment_not_the_functions()
    {
        await using var emulator = await TestEmulator.StartAsync(configure: o => o.Sandbox = SandboxMode.None);
        emulator.Host.AddFunction("run", _folder.Code, handler: "sandbox.handler", timeoutSeconds: 5,
            environment: new Dictionary<string, string> { ["SECRET_OF_THE_FUNCTION"] = "s3cr3t" });

        // The bootstrap's children: the handler's subshells (the function's environment) and the wrapper's watchdog,
        // forked before the wrapper became the bootstrap (the environment the wrapper had).
        var output = await RunAsync(emulator,
            "for p in $(pgrep -P $$); do echo child; tr \\\\0 \\\\n </proc/$p/environ; done");

        var children = output.Split("child\n", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).ToList();
        Assert.Contains(children, c => c == "PATH=" + RuntimeLauncher.HostEnvironment["PATH"]);
        Assert.All(children.Where(c => c.Contains("SECRET_OF_THE_FUNCTION", StringComparison.Ordinal)),
            c => Assert.Contains("AWS_LAMBDA_FUNCTION_NAME=run", c));
    }

    [BwrapFact]
    public async Task No_command_line_in_the_sandbox_names_a_host_folder()
    {
        await using var emulator = await TestEmulator.StartAsync();
        emulator.Host.AddFunction("run", _folder.Code, handler: "sandbox.handler", timeoutSeconds: 5);

        var lines = await RunAsync(emulator, "for f in /proc/[0-9]*/cmdline; do tr \\\\0 ' ' <$f; echo; done");

        Assert.Contains("/var/task/bootstrap", lines); // bwrap's own command line: what it runs, as the sandbox sees it
        foreach (var hostPath in new[] { _folder.Code, emulator.Host.Paths.StateDirectory, emulator.Host.Paths.Scratch, RepoPaths.Root })
        {
            Assert.DoesNotContain(hostPath, lines);
        }
        Assert.DoesNotContain("--ro-bind", lines);
    }

    [BwrapFact]
    public async Task An_environment_sees_its_own_trace_files_only_never_another_environments()
    {
        await using var emulator = await TestEmulator.StartAsync();
        emulator.Host.AddFunction("run", _folder.Code, handler: "sandbox.handler", timeoutSeconds: 10);
        emulator.Host.AddFunction("other", _folder.Code, handler: "sandbox.handler", timeoutSeconds: 10);

        // A traced invoke of the other function, still in its handler while this one looks.
        using var traced = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/other/invocations")
        {
            Content = new ByteArrayContent(Utf8("\"sleep 5\"")),
        };
        traced.Headers.Add(Lambda.BashRuntime.Emulator.Tracing.TraceHeaders.Request, "true");
        var tracedInvoke = emulator.Http.SendAsync(traced);
        var traceRoot = Lambda.BashRuntime.Emulator.Tracing.TraceFile.FolderIn(emulator.Host.Paths.Scratch);
        string[] traceFiles = [];
        for (var i = 0; i < 200 && traceFiles.Length == 0; i++)
        {
            await Task.Delay(50);
            traceFiles = Directory.Exists(traceRoot) ? Directory.GetFiles(traceRoot, "*.trace", SearchOption.AllDirectories) : [];
        }
        Assert.Single(traceFiles); // the other invoke is running, traced

        // Before: one folder bound into every sandbox, so this function listed (and could rewrite) the other's trace.
        var listing = await RunAsync(emulator, $"ls -A {BwrapArguments.TraceFolder}");

        Assert.Equal("status 0", listing.Trim());
        using var answer = await tracedInvoke;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.NotNull(Header(answer, Lambda.BashRuntime.Emulator.Tracing.TraceHeaders.Response)); // its own trace was read
    }

    [ProcessLimitFact]
    public async Task An_environment_runs_at_most_1024_processes_even_when_its_user_is_root_on_the_host()
    {
        await using var emulator = await TestEmulator.StartAsync();
        emulator.Host.AddFunction("run", _folder.Code, handler: "sandbox.handler", timeoutSeconds: 60, memorySizeMb: 4096);

        // 1,500 children: ulimit -u did not stop them (uid 993 maps to the emulator's user, root on CI). Python forks
        // (bash retries a failed fork for half a minute).
        _folder.Write("forks.py", """
            import os, signal, time
            children = []
            for _ in range(1500):
                try:
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:
                    time.sleep(300)
                    os._exit(0)
                children.append(pid)
            print("started", len(children))
            for pid in children:
                os.kill(pid, signal.SIGKILL)
            """);
        var output = await RunAsync(emulator, $"python3 {TestSandbox.TaskRoot(_folder.Code)}/forks.py");

        var started = int.Parse(output.Split('\n')[0].Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.InRange(started, 1, MemoryCgroups.MaxProcesses - 1);
    }

    private static async Task<string> RunAsync(TestEmulator emulator, string command)
    {
        using var response = await emulator.InvokeAsync("run", Utf8($"\"{command}\""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(Header(response, "X-Amz-Function-Error") is null, body);
        return body;
    }
}

/// <summary>A test that needs the pids cgroup limit (a memory cgroup the emulator can make, with a pids controller).</summary>
public sealed class ProcessLimitFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        using var cgroups = MemoryCgroups.Open();
        return cgroups.LimitsProcesses ? null : "no pids cgroup controller the emulator can use here: " + cgroups.Line;
    });

    public ProcessLimitFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
