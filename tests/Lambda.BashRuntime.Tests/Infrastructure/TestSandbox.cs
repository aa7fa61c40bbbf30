using Lambda.BashRuntime.Emulator.Processes;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// The sandbox the emulators of this test run use: bwrap where it works, unless LAMBDA_BASH_SANDBOX=none runs the
/// whole suite without it (eng/test.sh --sandbox-none).
/// </summary>
public static class TestSandbox
{
    public static SandboxChoice Choice { get; } = SandboxChoice.Decide(SandboxMode.Auto);

    public static bool IsBwrap => Choice.Mode == SandboxMode.Bwrap;

    /// <summary>Why a sandbox-only test cannot run here (the line the emulator prints), or null when it can.</summary>
    public static string? SkipUnlessBwrap => IsBwrap ? null : Choice.Line;

    /// <summary>What the runtime sees as its task root: /var/task in the sandbox, the code folder without it.</summary>
    public static string TaskRoot(string codeFolder) => IsBwrap ? "/var/task" : codeFolder;
}
