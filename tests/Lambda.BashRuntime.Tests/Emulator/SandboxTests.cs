using System.Globalization;
using System.Net;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// What an execution environment sees and what it can outlive, as on Lambda: the bubblewrap sandbox's folders,
/// limits and PID namespace, and, in both sandbox modes, background processes and memory.
/// </summary>
public sealed class SandboxTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new(true, ("sandbox.sh", Handlers.Run));
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2);
        var opt = Directory.CreateDirectory(Path.Combine(_folder.Output, "opt", "bin")).FullName;
        File.WriteAllText(Path.Combine(opt, "tool"), "#!/bin/bash\necho \"tool ran from $0\"\n");
        File.SetUnixFileMode(Path.Combine(opt, "tool"), (UnixFileMode)0b111_101_101);
        _emulator.Host.AddFunction("run", _folder.Code, handler: "sandbox.handler", timeoutSeconds: 3,
            optDirectory: Path.GetDirectoryName(opt), environment: new Dictionary<string, string> { ["GREETING"] = "hello" });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [BwrapFact]
    public async Task A_handler_that_writes_under_var_task_fails_with_Read_only_file_system()
    {
        var output = await RunAsync("touch /var/task/new-file");

        Assert.Contains("Read-only file system", output);
        Assert.EndsWith("status 1", output);
        Assert.False(File.Exists(Path.Combine(_folder.Code, "new-file")));
    }

    [BwrapFact]
    public async Task A_layers_tool_is_found_by_name_and_by_its_full_path_under_opt()
    {
        Assert.Equal("tool ran from /opt/bin/tool\nstatus 0", await RunAsync("tool"));
        Assert.Equal("tool ran from /opt/bin/tool\nstatus 0", await RunAsync("/opt/bin/tool"));
        Assert.Contains("Read-only file system", await RunAsync("touch /opt/bin/other"));
    }

    [BwrapFact]
    public async Task The_developers_home_the_repository_and_the_state_folder_are_not_visible()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Contains("No such file or directory", await RunAsync($"ls {home}"));
        Assert.NotEqual($"{home}\nstatus 0", await RunAsync("echo ~")); // no HOME, no home folder: ~ is not yours
        Assert.Contains("No such file or directory", await RunAsync($"ls {RepoPaths.Root}"));
        Assert.Contains("No such file or directory", await RunAsync($"ls {_emulator.Host.Paths.StateDirectory}"));
        Assert.Contains("No such file or directory", await RunAsync($"ls {_folder.Code}"));
        // What is there: Lambda's folders and the system's, read-only.
        Assert.Equal("/var/task\nstatus 0", await RunAsync("pwd"));
        Assert.Contains("Read-only file system", await RunAsync("touch /usr/new-file"));
    }

    [BwrapFact]
    public async Task Tmp_is_private_kept_for_the_next_invoke_of_the_environment_and_gone_in_a_new_one()
    {
        var mark = Mark();
        Assert.Equal("status 0", await RunAsync($"echo {mark} >/tmp/kept"));
        Assert.Equal($"{mark}\nstatus 0", await RunAsync("cat /tmp/kept"));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "kept")), "the host's /tmp is not the environment's");

        await RetireEnvironmentsAsync();

        Assert.Contains("No such file or directory", await RunAsync("cat /tmp/kept"));
    }

    [BwrapFact]
    public async Task The_environment_has_its_own_pid_namespace_and_Lambdas_limits()
    {
        Assert.Equal("1024\n1024\nstatus 0", await RunAsync("ulimit -n; ulimit -u"));
        Assert.Equal("993\nstatus 0", await RunAsync("id -u"));
        // pid 1 is the namespace's init (bwrap), the bootstrap is 2: no process of the host is in view.
        var processes = await RunAsync("ls /proc | grep -c '^[0-9]'");
        Assert.True(int.Parse(processes.Split('\n')[0], CultureInfo.InvariantCulture) < 10, processes);
    }

    [BwrapFact]
    public async Task The_runtime_gets_Lambdas_paths_and_reaches_the_Runtime_API()
    {
        var output = await RunAsync("echo $LAMBDA_TASK_ROOT $LAMBDA_RUNTIME_DIR $PATH $LD_LIBRARY_PATH $AWS_LAMBDA_RUNTIME_API");
        var values = output.Split('\n')[0].Split(' ');
        Assert.Equal("/var/task", values[0]);
        Assert.Equal("/var/runtime", values[1]);
        Assert.Equal("/usr/local/bin:/usr/bin/:/bin:/opt/bin", values[2]);
        Assert.Equal("/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib", values[3]);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", values[4]); // the bootstrap got this event through it
    }

    [Fact]
    public async Task The_runtime_starts_with_only_Lambdas_variables_and_the_functions_own()
    {
        // The bootstrap's environment as it was started ($$ in the handler's subshell is the bootstrap).
        var output = await RunAsync("xargs -0 -n1 </proc/$$/environ | cut -d= -f1 | sort");
        var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).ToList();

        string[] lambda =
        [
            "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API",
            "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT", "LANG", "LD_LIBRARY_PATH", "PATH", "TZ", "_HANDLER",
        ];
        // Plus the shell's own PWD and SHLVL, which any bash (Lambda's bootstrap too) sets for itself.
        Assert.Equal([.. lambda.Append("GREETING").Order(StringComparer.Ordinal)],
            names.Where(n => n is not ("PWD" or "SHLVL")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_handlers_background_process_is_gone_when_its_environment_is_retired()
    {
        var mark = Mark();
        Assert.Equal("status 0", await RunAsync($"sleep 1000.{mark} >/dev/null 2>&1 &"));
        Assert.True(await HostProcesses.WaitUntilRunningAsync(TimeSpan.FromSeconds(10), "sleep", "1000." + mark)); // forked, then exec'd: a moment later

        await RetireEnvironmentsAsync();

        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(TimeSpan.FromSeconds(5), "sleep", "1000." + mark));
    }

    [Fact]
    public async Task A_handlers_background_process_is_gone_when_the_invoke_times_out()
    {
        var mark = Mark();
        var (type, _) = await RunErrorAsync($"sleep 1000.{mark} >/dev/null 2>&1 & sleep 5");

        Assert.Equal("Sandbox.Timedout", type);
        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(TimeSpan.FromSeconds(5), "sleep", "1000." + mark));
    }

    [MemoryCgroupFact] // without the sandbox, the environment's memory cgroup is what finds a process that left with setsid
    public async Task A_process_that_escapes_with_setsid_never_outlives_its_environment()
    {
        var mark = Mark();
        Assert.Equal("status 0", await RunAsync($"setsid sleep 1000.{mark} >/dev/null 2>&1 &"));
        Assert.True(await HostProcesses.WaitUntilRunningAsync(TimeSpan.FromSeconds(5), "sleep", "1000." + mark));

        await RetireEnvironmentsAsync();

        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(TimeSpan.FromSeconds(5), "sleep", "1000." + mark));
    }

    [MemoryCgroupFact]
    public async Task A_function_past_its_MemorySize_ends_as_Lambda_ends_it_and_the_next_invoke_starts_fresh()
    {
        using var response = await _emulator.InvokeAsync("run", Utf8("\"head -c 300m /dev/zero | tail\""), logType: "Tail");

        var (type, message) = await ReadErrorAsync(response);
        Assert.Equal("Runtime.OutOfMemory", type);
        Assert.Equal($"RequestId: {Header(response, "X-Amzn-RequestId")} Error: Runtime exited with error: signal: killed", message);
        var log = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Header(response, "X-Amz-Log-Result")!));
        Assert.Contains("Error: Runtime exited with error: signal: killed\nRuntime.OutOfMemory\n", log);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(log,
            @"Max Memory Used: 12\d MB\t(Init Duration: [\d.]+ ms\t)?Status: error\tError Type: Runtime.OutOfMemory\n$"), log);

        Assert.Equal("fresh\nstatus 0", await RunAsync("echo fresh"));
    }

    [MemoryCgroupFact]
    public async Task Max_Memory_Used_counts_every_process_of_the_environment()
    {
        // 60 MB held by a child process, not by the bootstrap: Lambda counts it.
        using var response = await _emulator.InvokeAsync("run",
            Utf8("\"head -c 60m /dev/zero | tail >/dev/null\""), logType: "Tail");
        var log = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Header(response, "X-Amz-Log-Result")!));
        var used = int.Parse(System.Text.RegularExpressions.Regex.Match(log, @"Max Memory Used: (\d+) MB").Groups[1].Value,
            CultureInfo.InvariantCulture);
        Assert.InRange(used, 60, 128);
    }

    private async Task<string> RunAsync(string command)
    {
        using var response = await _emulator.InvokeAsync("run", Utf8($"\"{command}\""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(Header(response, "X-Amz-Function-Error") is null, body);
        return body;
    }

    private async Task<(string Type, string Message)> RunErrorAsync(string command)
    {
        using var response = await _emulator.InvokeAsync("run", Utf8($"\"{command}\""));
        Assert.Equal("Unhandled", Header(response, "X-Amz-Function-Error"));
        return await ReadErrorAsync(response);
    }

    /// <summary>Retires the warm environments as an update of the function does: the next invoke starts a new one.</summary>
    private async Task RetireEnvironmentsAsync()
    {
        foreach (var environment in _emulator.Host.Services.GetPool().Environments())
        {
            await environment.KillAsync();
        }
    }

    private static string Mark() => Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
}
