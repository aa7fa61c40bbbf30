namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// What a test needs that only Linux has (/proc, setsid, bubblewrap, cgroups, the native linux-x64 emulator): the
/// CI matrix (.github/workflows/ci.yml) runs the suite on macOS and Windows too, where such a test reports skipped
/// with this reason, and only there.
/// </summary>
public static class LinuxOnly
{
    /// <summary>The skip reason on macOS and Windows, null on Linux.</summary>
    public static string? Skip(string needs) => OperatingSystem.IsLinux() ? null : $"Linux only: {needs}.";
}

/// <summary>A fact that needs Linux: <see cref="FactAttribute.Skip"/> elsewhere, saying what it needs.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute(string needs) => Skip = LinuxOnly.Skip(needs);
}

/// <summary>A theory that needs Linux: skipped elsewhere, saying what it needs.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute(string needs) => Skip = LinuxOnly.Skip(needs);
}
