namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>A test of what only the bubblewrap sandbox gives: skipped, with the emulator's own reason, where it cannot run.</summary>
public sealed class BwrapFactAttribute : FactAttribute
{
    public BwrapFactAttribute()
    {
        if (TestSandbox.SkipUnlessBwrap is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A test that needs a memory cgroup (Linux with a memory controller the emulator can use).</summary>
public sealed class MemoryCgroupFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        using var cgroups = Lambda.BashRuntime.Emulator.Processes.MemoryCgroups.Open();
        return cgroups.Enabled ? null : cgroups.Line;
    });

    public MemoryCgroupFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
