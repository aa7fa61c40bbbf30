using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Lambda.BashRuntime.Emulator;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Hosts;

/// <summary>
/// The Windows launch, on Linux: the environment and arguments a Windows bash gets, the Job Object settings asked
/// for, and the Windows launcher itself serving invokes here with a fake Job Object (its gate, its memory limit,
/// Runtime.OutOfMemory when the job reports an overrun, the job ended with the environment).
/// </summary>
public sealed class WindowsLaunchTests
{
    private static readonly Dictionary<string, string> WindowsHost = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SystemRoot"] = @"C:\Windows",
        ["windir"] = @"C:\Windows",
        ["TEMP"] = @"C:\Users\me\AppData\Local\Temp",
        ["TMP"] = @"C:\Users\me\AppData\Local\Temp",
        ["PATHEXT"] = ".COM;.EXE;.BAT;.CMD",
        ["ComSpec"] = @"C:\Windows\system32\cmd.exe",
        ["AWS_SECRET_ACCESS_KEY"] = "the developer's", // never passed on
        ["USERPROFILE"] = @"C:\Users\me",
    };

    private static string? HostVariable(string name) => WindowsHost.TryGetValue(name, out var value) ? value : null;

    [Fact]
    public void The_environment_has_POSIX_paths_and_the_Windows_variables_a_process_needs_and_nothing_else_of_the_host()
    {
        var lambda = new Dictionary<string, string>
        {
            ["LAMBDA_TASK_ROOT"] = @"C:\src\My Fn\bin\lambda\code",
            ["LAMBDA_RUNTIME_DIR"] = @"C:\Users\me\AppData\Local\Temp\lbr\runtime",
            ["PATH"] = @"/usr/local/bin:/usr/bin/:/bin:C:\src\My Fn\bin\lambda\opt/bin",
            ["LD_LIBRARY_PATH"] = @"/lib64:/usr/lib64:C:\src\My Fn\bin\lambda\code:C:\src\My Fn\bin\lambda\code/lib",
            ["_HANDLER"] = "function.handler",
            ["GREETING"] = @"C:\not\a\path\variable", // the function's own: as given
        };

        var environment = WindowsLaunch.Environment(lambda, PosixPaths.Msys, HostVariable);

        Assert.Equal(new Dictionary<string, string>
        {
            ["SystemRoot"] = @"C:\Windows",
            ["WINDIR"] = @"C:\Windows",
            ["TEMP"] = @"C:\Users\me\AppData\Local\Temp",
            ["TMP"] = @"C:\Users\me\AppData\Local\Temp",
            ["PATHEXT"] = ".COM;.EXE;.BAT;.CMD",
            ["COMSPEC"] = @"C:\Windows\system32\cmd.exe",
            ["LAMBDA_TASK_ROOT"] = "/c/src/My Fn/bin/lambda/code",
            ["LAMBDA_RUNTIME_DIR"] = "/c/Users/me/AppData/Local/Temp/lbr/runtime",
            ["PATH"] = "/usr/local/bin:/usr/bin/:/bin:/c/src/My Fn/bin/lambda/opt/bin",
            ["LD_LIBRARY_PATH"] = "/lib64:/usr/lib64:/c/src/My Fn/bin/lambda/code:/c/src/My Fn/bin/lambda/code/lib",
            ["_HANDLER"] = "function.handler",
            ["GREETING"] = @"C:\not\a\path\variable",
        }.OrderBy(p => p.Key, StringComparer.Ordinal), environment.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void The_bash_arguments_name_the_log_the_bash_and_the_bootstrap_by_POSIX_paths()
    {
        var launcher = new WindowsRuntimeLauncher(
            new FoundBash(@"C:\Program Files\Git\usr\bin\bash.exe", 5, 2, 37, "the first found", "msys"), new FakeJobs(), new(HostVariable));
        var launch = new RuntimeLaunch(@"C:\src\My Fn\code\bootstrap", @"C:\src\My Fn\code", new Dictionary<string, string>(),
            @"C:\Users\me\AppData\Local\Temp\lbr\logs\1.log") { IsBashScript = true };

        var start = launcher.StartInfo(launch);

        Assert.Equal(@"C:\Program Files\Git\usr\bin\bash.exe", start.FileName); // CreateProcess gets the Windows path
        Assert.Equal(@"C:\src\My Fn\code", start.WorkingDirectory);
        Assert.Equal(["--posix", "-c"], start.ArgumentList.Take(2)); // POSIX mode: the wrapper reads no BASH_ENV
        Assert.StartsWith("read -r _ || exit 70\n", start.ArgumentList[2]); // the gate comes first
        Assert.Equal(["runtime", "/c/Users/me/AppData/Local/Temp/lbr/logs/1.log", "/c/Program Files/Git/usr/bin/bash.exe", "/c/src/My Fn/code/bootstrap"],
            start.ArgumentList.Skip(3));
        Assert.Equal(@"C:\Windows", start.Environment["SystemRoot"]);
        Assert.False(start.Environment.ContainsKey("AWS_SECRET_ACCESS_KEY"));
    }

    [Fact]
    public async Task The_wrapper_bash_started_with_a_functions_BASH_ENV_does_not_run_it()
    {
        // On Windows the host-side wrapper has the function's variables (no bwrap to hold them): --posix keeps a
        // function's BASH_ENV out of it; the bootstrap's own bash still reads it, as on Lambda.
        using var folder = new TempFolder();
        var marker = Path.Combine(folder.Path, "ran");
        var script = Path.Combine(folder.Path, "bash-env.sh");
        File.WriteAllText(script, $"echo ran >{marker}\n");

        var result = await Command.RunAsync(TestBash.Current.Path, ["--posix", "-c", "echo wrapper"],
            environment: new Dictionary<string, string?> { ["BASH_ENV"] = script });

        Assert.Equal("wrapper\n", result.Output);
        Assert.False(File.Exists(marker), "the wrapper ran the function's BASH_ENV");
    }

    [Fact]
    public void The_Job_Object_is_asked_for_kill_on_close_and_a_job_memory_limit_of_MemorySize_in_the_native_layout()
    {
        var settings = JobObjectSettings.Build(WindowsLaunch.Limits(new RuntimeLaunch("b", "w", new Dictionary<string, string>(), "l") { MemorySizeMb = 256 }));

        Assert.Equal(256L * 1024 * 1024, (long)settings.JobMemoryLimit);
        Assert.Equal(0x2000u | 0x200u | 0x400u, settings.BasicLimitInformation.LimitFlags); // KILL_ON_JOB_CLOSE | JOB_MEMORY | DIE_ON_UNHANDLED_EXCEPTION
        Assert.Equal(0u, settings.BasicLimitInformation.ActiveProcessLimit); // no other limit: breakaway not allowed
        Assert.Equal(0UL, (ulong)settings.ProcessMemoryLimit);
        // winnt.h's sizes on 64-bit Windows: JOBOBJECT_BASIC_LIMIT_INFORMATION 64, JOBOBJECT_EXTENDED_LIMIT_INFORMATION 144.
        Assert.Equal(8, IntPtr.Size);
        Assert.Equal(64, Marshal.SizeOf<JobObjectSettings.BasicLimitInformation>());
        Assert.Equal(144, Marshal.SizeOf<JobObjectSettings.ExtendedLimitInformation>());
        Assert.Equal(112, (int)Marshal.OffsetOf<JobObjectSettings.ExtendedLimitInformation>(nameof(JobObjectSettings.ExtendedLimitInformation.ProcessMemoryLimit)));
        Assert.Equal(120, (int)Marshal.OffsetOf<JobObjectSettings.ExtendedLimitInformation>(nameof(JobObjectSettings.ExtendedLimitInformation.JobMemoryLimit)));
        Assert.Equal(16, Marshal.SizeOf<JobObjectSettings.AssociateCompletionPort>());
    }

    [Fact]
    public async Task The_Windows_launcher_serves_invokes_with_its_gate_its_environment_and_a_job_per_environment()
    {
        var jobs = new FakeJobs();
        using var folder = new FunctionFolder(true, ("special.sh", Special));
        await using var emulator = await StartWithWindowsLauncherAsync(jobs);
        emulator.Host.AddFunction("win", folder.Code, handler: "special.handler", memorySizeMb: 512);

        using var answered = await emulator.InvokeAsync("win", Utf8("""{"do":"env"}"""));

        Assert.Null(Header(answered, "X-Amz-Function-Error"));
        var environment = (await answered.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains(@"SystemRoot=C:\Windows", environment);
        Assert.Contains(@"COMSPEC=C:\Windows\system32\cmd.exe", environment);
        Assert.Contains("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512", environment);
        // The credentials are the ones the emulator issued for this environment, never the developer's.
        Assert.Contains(environment, line => System.Text.RegularExpressions.Regex.IsMatch(line, "^AWS_ACCESS_KEY_ID=ASIA[A-Z2-7]{16}$"));
        var job = Assert.Single(jobs.Created);
        Assert.Equal(512L * 1024 * 1024, job.Limits.MemoryLimitBytes);
        Assert.Equal(emulator.Host.Services.GetPool().Environments().Single().Process!.Id, job.AssignedPid);
    }

    [LinuxFact("it finds the handler's processes in /proc")]
    public async Task A_job_memory_overrun_is_Runtime_OutOfMemory_and_ends_the_job()
    {
        var jobs = new FakeJobs();
        using var folder = new FunctionFolder(true, ("special.sh", Special));
        await using var emulator = await StartWithWindowsLauncherAsync(jobs);
        emulator.Host.AddFunction("win", folder.Code, handler: "special.handler", timeoutSeconds: 120);
        var mark = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var invoke = emulator.InvokeAsync("win", Utf8($$"""{"do":"sleep","mark":{{mark}}}"""));
        Assert.True(await HostProcesses.WaitUntilRunningAsync(TimeSpan.FromSeconds(60), "sleep", "30." + mark));
        Assert.Single(jobs.Created).ReportMemoryLimit(); // what the job's completion port says on Windows
        using var overrun = await invoke;

        var (type, _) = await ReadErrorAsync(overrun);
        Assert.Equal("Runtime.OutOfMemory", type);
        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(TimeSpan.FromSeconds(30), "sleep", "30." + mark));
        Assert.True(jobs.Created[0].Disposed);
    }

    private static Task<TestEmulator> StartWithWindowsLauncherAsync(FakeJobs jobs)
        => TestEmulator.StartAsync(
            configure: o => o.Sandbox = SandboxMode.None,
            services: s => s.AddSingleton<IRuntimeLauncher>(sp => new WindowsRuntimeLauncher(sp.GetRequiredService<FoundBash>(), jobs, new(HostVariable))));

    /// <summary>Job Objects that record what they were asked; ending one ends its process tree (what Linux can do).</summary>
    private sealed class FakeJobs : IJobObjects
    {
        public List<FakeJob> Created { get; } = [];

        public IJob Create(JobLimits limits)
        {
            var job = new FakeJob(limits);
            lock (Created)
            {
                Created.Add(job);
            }
            return job;
        }
    }

    private sealed class FakeJob(JobLimits limits) : IJob
    {
        private Process? _process;

        public JobLimits Limits => limits;
        public int AssignedPid { get; private set; }
        public bool Disposed { get; private set; }
        public bool MemoryLimitHit { get; private set; }
        public long? PeakMemoryBytes => null;

        public void Assign(Process process)
        {
            Assert.False(process.HasExited); // waiting at its gate
            _process = process;
            AssignedPid = process.Id;
        }

        public void ReportMemoryLimit()
        {
            MemoryLimitHit = true;
            Terminate();
        }

        public void Terminate()
        {
            try
            {
                _process?.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }

        public void Dispose() => Disposed = true;
    }
}
