using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Logs;
using Lambda.BashRuntime.Emulator.Processes;

namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>Creates execution environments and starts their runtime: bootstrap from the task root, else from /opt.</summary>
public sealed class EnvironmentFactory(IRuntimeLauncher launcher, EmulatorPaths paths, EmulatorOptions options)
{
    public ExecutionEnvironment Create(FunctionDefinition function, int port)
        => new(function, port, new FunctionLogFile(paths.NewLogFile()));

    /// <summary>Starts the runtime with its first invocation; an init error result when there is nothing to start.</summary>
    public InvocationResult? Start(ExecutionEnvironment environment, Invocation first)
    {
        var function = environment.Function;
        var opt = function.OptDirectory ?? paths.EmptyOptDirectory;
        var candidates = new[] { Path.Combine(function.CodeDirectory, "bootstrap"), Path.Combine(opt, "bootstrap") };
        var bootstrap = candidates.FirstOrDefault(File.Exists);
        if (bootstrap is null)
        {
            return InitFailure(first, $"Couldn't find valid bootstrap(s): [{string.Join(' ', candidates)}]");
        }
        if (!OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(bootstrap) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            return InitFailure(first, $"fork/exec {bootstrap}: permission denied");
        }

        var variables = RuntimeEnvironmentVariables.Build(function, $"127.0.0.1:{environment.Port}", opt,
            paths.RuntimeDirectory, RegionOf(function));
        try
        {
            var process = launcher.Launch(new RuntimeLaunch(bootstrap, function.CodeDirectory, variables, environment.Log.Path));
            environment.Start(process, first);
            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return InitFailure(first, $"fork/exec {bootstrap}: {e.Message}");
        }
    }

    private string RegionOf(FunctionDefinition function)
    {
        // arn:aws:lambda:REGION:ACCOUNT:function:NAME
        var parts = function.FunctionArn.Split(':');
        return parts.Length > 3 && parts[3].Length > 0 ? parts[3] : options.Region;
    }

    private static InvocationResult InitFailure(Invocation first, string message)
        => InvocationResult.Error("Runtime.InvalidEntrypoint", $"RequestId: {first.RequestId} Error: {message}",
            InvocationEnd.InitFailed);
}
