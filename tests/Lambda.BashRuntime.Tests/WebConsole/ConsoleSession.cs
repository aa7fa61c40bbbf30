using System.Text;
using Lambda.BashRuntime.Emulator.Cli;
using Lambda.BashRuntime.Emulator.ControlPlane;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// An emulator as `dotnet run` starts it (the web console on, the tutorial's function registered from its
/// function.zip and run config, the project's events folder holding hello.json), on a free port. The project folder is
/// bound writable in a sandbox, so a test's function can read files the test puts there.
/// </summary>
public sealed class ConsoleSession(TestEmulator emulator, string project) : ProjectConsoleSession(emulator, project)
{
    public const string Token = "console-test-token-0123456789";
    public const string FunctionName = "HelloBash";

    public static async Task<ConsoleSession> StartAsync()
    {
        var project = CreateProject("lambda-bash-console-", RepoPaths.Template);
        var zip = Path.Combine(project, "function.zip");
        File.WriteAllBytes(zip, Package(File.ReadAllText(RepoPaths.FunctionScript)));
        return new ConsoleSession(await StartEmulatorAsync(project), project);
    }

    /// <summary>The emulator stopped and started again on the same project, as a second `dotnet run` would.</summary>
    public async Task<ConsoleSession> RestartAsync()
    {
        await Emulator.DisposeAsync();
        return new ConsoleSession(await StartEmulatorAsync(ProjectDirectory), ProjectDirectory);
    }

    private static async Task<TestEmulator> StartEmulatorAsync(string project)
    {
        var zip = Path.Combine(project, "function.zip");
        var emulator = await TestEmulator.StartAsync(new EmulatorOptions
        {
            WebConsole = new ConsoleOptions { Token = Token, EventsDirectory = Path.Combine(project, "events"), ProjectFunction = FunctionName },
            SandboxWritableFolders = [project],
        }, maxConcurrency: 2);
        new FunctionConfig { FunctionName = FunctionName, PackageZip = zip, ProjectDirectory = project }.Register(emulator.Host);
        return emulator;
    }

    /// <summary>What `dotnet build` uploads after function.sh changed, through the control plane (update-function-code).</summary>
    public void UpdateFunctionScript(string script)
        => Host.Services.GetRequiredService<FunctionService>().UpdateCode(
            FunctionName, new UpdateFunctionCodeRequest { ZipFile = Package(script) }, Host.Options.Region);

    /// <summary>A second function, created as `aws lambda create-function` would (the tutorial's, or the zip given).</summary>
    public void CreateFunction(string name, byte[]? zip = null)
        => Host.Services.GetRequiredService<FunctionService>().Create(new CreateFunctionRequest
        {
            FunctionName = name,
            Handler = "function.handler",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Code = new FunctionCodeInput(zip ?? Package(File.ReadAllText(RepoPaths.FunctionScript)), null, null, null, null),
            Timeout = 120, // a test that holds a function back (a streamed answer) must not meet the 3 s default
        }, Host.Options.Region);

    private static byte[] Package(string functionScript)
        => TestZips.Create(
            TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
            TestZips.File("function.sh", Encoding.UTF8.GetBytes(functionScript), TestZips.Executable));
}
