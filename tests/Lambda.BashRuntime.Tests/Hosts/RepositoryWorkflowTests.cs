using Lambda.BashRuntime.Tests.Infrastructure;
using Lambda.BashRuntime.Tests.Template;
using YamlDotNet.RepresentationModel;

namespace Lambda.BashRuntime.Tests.Hosts;

/// <summary>
/// This repository's own CI (.github/workflows/ci.yml): the README's test command on Linux, Windows and macOS, linted
/// with actionlint as the generated workflow is (Template.GitHubWorkflowTests).
/// </summary>
public sealed class RepositoryWorkflowTests
{
    private const string RelativePath = ".github/workflows/ci.yml";

    [Fact]
    public void CI_runs_the_READMEs_test_command_on_ubuntu_windows_and_macos_with_pinned_actions()
    {
        var workflow = GitHubWorkflow.Load(RepoPaths.Root, RelativePath);
        var test = workflow.Job("test");

        var matrix = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)test.Node["strategy"])["matrix"])["os"];
        Assert.Equal(["ubuntu-latest", "windows-latest", "macos-latest"], matrix.Children.Select(n => n.ToString()));
        Assert.Equal("${{ matrix.os }}", test.Scalar("runs-on"));
        Assert.Equal("false", test.Scalar("strategy", "fail-fast")); // one OS failing still shows the others
        var run = Assert.Single(test.Steps, s => s.Run is not null);
        var runNode = ((YamlSequenceNode)test.Node["steps"]).Children.Cast<YamlMappingNode>().Single(s => GitHubWorkflow.Scalar(s, "run") is not null);
        Assert.Equal("bash", GitHubWorkflow.Scalar(runNode, "shell")); // Git Bash on Windows, not PowerShell
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.Contains($"## Run the tests\n\n    {run.Run!.Trim()}\n", readme); // the README's command, as written there
        Assert.Equal("read", GitHubWorkflow.Scalar(workflow.Root, "permissions", "contents"));
        Assert.All(test.Steps.Where(s => s.Uses is not null), s => Assert.Matches(@"^[\w-]+/[\w-]+@[0-9a-f]{40}$", s.Uses!));
    }

    [Fact]
    public async Task CI_passes_actionlint()
    {
        Assert.True(File.Exists(GitHubWorkflowTests.Actionlint), $"actionlint is not installed at {GitHubWorkflowTests.Actionlint}: run bash eng/test.sh, which installs it (eng/prerequisites.sh).");

        var lint = await Command.RunAsync(GitHubWorkflowTests.Actionlint, [RelativePath], RepoPaths.Root);

        Assert.True(lint.ExitCode == 0, $"actionlint:\n{lint}");
        Assert.Contains("passed", lint.Output);
    }
}
