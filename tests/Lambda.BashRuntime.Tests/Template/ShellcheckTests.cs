using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>Every shell script the repository ships or runs passes shellcheck with no finding at all.</summary>
public sealed class ShellcheckTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        var scripts = Directory.EnumerateFiles(RepoPaths.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}artifacts{Path.DirectorySeparatorChar}")
                        // Approved copies of the template's scripts, checked where they come from.
                        && !f.Contains($"{Path.DirectorySeparatorChar}Snapshots{Path.DirectorySeparatorChar}"))
            .Where(f => Path.GetFileName(f) is "bootstrap" or "run" || f.EndsWith(".sh", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .Order(StringComparer.Ordinal);
        foreach (var script in scripts)
        {
            data.Add(script);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_is_shellcheck_clean(string script)
    {
        var result = await Command.RunAsync("shellcheck", ["--external-sources", script], RepoPaths.Root);

        Assert.True(result.ExitCode == 0, $"shellcheck {script}:\n{result.Output}{result.Error}");
    }

    [Fact]
    public void Bootstrap_is_a_bash_script_with_strict_mode()
    {
        var lines = File.ReadAllLines(RepoPaths.Bootstrap);

        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Contains("set -euo pipefail", lines);
    }
}
