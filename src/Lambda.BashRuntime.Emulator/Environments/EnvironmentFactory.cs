using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Logs;
using Lambda.BashRuntime.Emulator.Processes;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// Creates execution environments and starts their runtime: bootstrap from the task root, else from /opt. In the
/// sandbox the runtime sees Lambda's paths (/var/task, /opt, /var/runtime, a private /tmp); without it, the local
/// folders that stand in for them.
/// </summary>
public sealed class EnvironmentFactory(
    IRuntimeLauncher launcher, EmulatorPaths paths, SandboxChoice sandbox, Security.FunctionCredentials credentials)
{
    /// <summary>A new environment; it holds its revision's folder until it is retired (the invoke creating it holds it meanwhile).</summary>
    public ExecutionEnvironment Create(FunctionDefinition function, int port)
    {
        var environment = new ExecutionEnvironment(function, port, new FunctionLogFile(paths.NewLogFile()));
        if (function.Folder is { } folder && folder.TryUse())
        {
            environment.Retired += _ => folder.Release();
        }
        return environment;
    }

    /// <summary>Starts the runtime with its first invocation; an init error result when there is nothing to start.</summary>
    public InvocationResult? Start(ExecutionEnvironment environment, Invocation first)
    {
        var function = environment.Function;
        var opt = function.OptDirectory ?? paths.EmptyOptDirectory;
        var candidates = new[] { Path.Combine(function.CodeDirectory, "bootstrap"), Path.Combine(opt, "bootstrap") };
        var bootstrap = candidates.FirstOrDefault(File.Exists);
        // Messages name the paths as Lambda does (/var/task/bootstrap), never the local folders that stand in for them.
        var named = bootstrap == candidates[1] ? LambdaOptBootstrap : LambdaTaskBootstrap;
        if (bootstrap is null)
        {
            return InitFailure(first, $"Couldn't find valid bootstrap(s): [{LambdaTaskBootstrap} {LambdaOptBootstrap}]");
        }
        if (!OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(bootstrap) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            return InitFailure(first, $"fork/exec {named}: permission denied");
        }

        var sandboxed = sandbox.Mode == SandboxMode.Bwrap;
        var seen = sandboxed
            ? new SeenPaths(BwrapArguments.TaskRoot, BwrapArguments.Opt, BwrapArguments.RuntimeDirectory)
            : new SeenPaths(function.CodeDirectory, opt, paths.RuntimeDirectory);
        var executable = Path.Combine(bootstrap == candidates[0] ? seen.TaskRoot : seen.Opt, "bootstrap");
        var variables = RuntimeEnvironmentVariables.Build(function, $"127.0.0.1:{environment.Port}", seen.TaskRoot, seen.Opt,
            seen.RuntimeDirectory, function.Region);
        var issued = credentials.Issue(function.FunctionName, function.FunctionArn); // forgotten with the environment
        environment.Retired += _ => credentials.Revoke(issued);
        RuntimeEnvironmentVariables.AddCredentials(variables, issued);
        var tmp = sandboxed ? paths.NewTmpDirectory() : null; // removed with the process (the launcher's part)
        if (environment.TraceFolder is null) // made once, kept across an init retry, removed when the environment is retired
        {
            var folder = environment.TraceFolder = paths.NewTraceFolder();
            environment.Retired += _ => DeleteFolder(folder);
        }
        try
        {
            var process = launcher.Launch(new RuntimeLaunch(executable, seen.TaskRoot, variables, environment.Log.Path)
            {
                Mounts = tmp is null ? null : new SandboxMounts(function.CodeDirectory, opt, paths.RuntimeDirectory, tmp)
                {
                    Trace = environment.TraceFolder,
                },
                MemorySizeMb = function.MemorySizeMb,
                IsBashScript = IsBashScript(bootstrap),
            });
            environment.Start(process, first);
            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            if (tmp is not null)
            {
                Directory.Delete(tmp, recursive: true); // no process was started to take it
            }
            return InitFailure(first, $"fork/exec {named}: {e.Message.Replace(bootstrap, named, StringComparison.Ordinal)}");
        }
    }

    /// <summary>Whether the file starts with a bash #! line (then the chosen bash runs it, as on Lambda its image's bash would).</summary>
    private static bool IsBashScript(string path)
    {
        var head = new byte[256];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        return Packages.ScriptFile.Shebang(head.AsSpan(0, read).ToArray()) is { } shebang && Packages.ScriptFile.IsBash(shebang);
    }

    /// <summary>Removes a folder of the environment's, whatever is left in it (a trace file still open is read through its handle).</summary>
    private static void DeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private const string LambdaTaskBootstrap = "/var/task/bootstrap";
    private const string LambdaOptBootstrap = "/opt/bootstrap";

    /// <summary>The task root, /opt and runtime folder as the runtime sees them.</summary>
    private sealed record SeenPaths(string TaskRoot, string Opt, string RuntimeDirectory);

    private static InvocationResult InitFailure(Invocation first, string message) => FunctionErrors.InitFailed(first.RequestId, message);
}
