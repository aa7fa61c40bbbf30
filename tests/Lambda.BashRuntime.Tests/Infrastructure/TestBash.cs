using Lambda.BashRuntime.Emulator;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// The bash the template's scripts are tested under. eng/test.sh runs the suite with the system's bash, then the tests
/// of category <see cref="Category"/> again with LAMBDA_BASH set to bash 3.2.48 and to 4.2.45 (built from
/// ../shared/old-bash into artifacts/old-bash); where it cannot build one it sets <see cref="UnavailableVariable"/> to
/// the reason instead, and those tests report skipped with it.
/// </summary>
public static class TestBash
{
    /// <summary>The trait of tests that run the template's scripts: [Trait("Category", "Scripts")].</summary>
    public const string Category = "Scripts";

    public const string UnavailableVariable = "LAMBDA_TEST_BASH_UNAVAILABLE";

    /// <summary>Why the bash this run is for cannot run here, or null.</summary>
    public static string? Unavailable => Environment.GetEnvironmentVariable(UnavailableVariable) is { Length: > 0 } reason ? reason : null;

    /// <summary>The bash the emulator chooses (LAMBDA_BASH, else the newest found): run scripts with this one.</summary>
    public static FoundBash Current => BashLocator.Locate(null, BashLocator.Variable);

    /// <summary>An old bash of ../shared/old-bash (3.2.48, 4.2.45) as eng/test.sh builds it, or why there is none.</summary>
    public static (string? Path, string? Missing) Old(string version)
    {
        var path = System.IO.Path.Combine(RepoPaths.Root, "artifacts", "old-bash", version, "bin", "bash");
        if (File.Exists(path))
        {
            return (path, null);
        }
        var sources = System.IO.Path.Combine(RepoPaths.Root, "..", "shared", "old-bash");
        return (null, Directory.Exists(sources)
            ? $"bash {version} is not built: run `bash eng/test.sh` (it builds {path} from {System.IO.Path.GetFullPath(sources)})."
            : $"bash {version} cannot be built here: its sources are in ../shared/old-bash, which this clone does not have.");
    }
}

/// <summary>A test of the template's scripts: skipped, with the reason, when this run's bash cannot run here.</summary>
public sealed class ScriptFactAttribute : FactAttribute
{
    public ScriptFactAttribute()
    {
        if (TestBash.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>What it also needs of Linux (/proc...): skipped on macOS and Windows with that reason (<see cref="LinuxOnly"/>).</summary>
    public string? LinuxOnlyBecause
    {
        get => _linuxOnlyBecause;
        set
        {
            _linuxOnlyBecause = value;
            Skip ??= value is null ? null : LinuxOnly.Skip(value);
        }
    }

    private string? _linuxOnlyBecause;
}

/// <inheritdoc cref="ScriptFactAttribute"/>
public sealed class ScriptTheoryAttribute : TheoryAttribute
{
    public ScriptTheoryAttribute()
    {
        if (TestBash.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A test that needs one of the old bashes (3.2.48, 4.2.45): skipped, saying why, where it is not built.</summary>
public sealed class OldBashFactAttribute : FactAttribute
{
    public OldBashFactAttribute(params string[] versions)
    {
        foreach (var version in versions)
        {
            if (TestBash.Old(version).Missing is { } missing)
            {
                Skip = missing;
                return;
            }
        }
    }
}
