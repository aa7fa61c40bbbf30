using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.EndToEnd;

/// <summary>
/// The pipeline of `--ci github` before anyone pushes it: every `run:` step of lambda.yml, job after job, executed as
/// GitHub's `shell: bash` does (bash -eo pipefail) in a generated project, with the deploy job's targets pointed at the
/// local emulator. The `uses:` steps are GitHub's part and are not run: the checkout is the generated folder, the .NET
/// SDK is this machine's, and instead of OIDC credentials the SDK's targets get `LambdaEndpoint` from the environment
/// (MSBuild reads environment variables as properties), so the commands run exactly as written in the workflow.
/// </summary>
public sealed class GitHubWorkflowRunTests : IAsyncLifetime
{
    private const string Answer = """Echoing request: '{"text":"Hello"}'""";

    /// <summary>What the repository variables hold on GitHub, for `${{ vars.NAME }}` in step environments.</summary>
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/github-deploy",
        ["AWS_REGION"] = "us-east-1",
        ["LAMBDA_ROLE_ARN"] = "arn:aws:iam::123456789012:role/ci-execution-role",
    };

    private EmulatorHost _emulator = null!;

    public async Task InitializeAsync()
        => _emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, EchoFunctionLogs = false });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public static TheoryData<string, string[]> Layouts() => new()
    {
        { "Project", ["--ci", "github"] },
        { "Solution", ["--ci", "github", "--tests"] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Every_run_step_of_the_workflow_succeeds_against_the_local_emulator(string layout, string[] options)
    {
        var name = $"Pipeline{layout}";
        var (templates, project) = await PackedTemplates.NewProjectAsync(name, options);
        var workflow = GitHubWorkflow.Load(project);
        var outputs = new Dictionary<string, CommandResult>();

        foreach (var job in workflow.Jobs)
        {
            foreach (var step in job.Steps)
            {
                if (step.Uses is not null)
                {
                    Assert.Matches("^(actions/checkout|actions/setup-dotnet|aws-actions/configure-aws-credentials)@", step.Uses);
                    continue;
                }
                if (step.If is not null)
                {
                    // The one conditional script: it stops the deploy job when the repository variables are missing.
                    Assert.Equal("Check the repository variables", step.Name);
                    continue;
                }
                var environment = new Dictionary<string, string?>(templates.Environment)
                {
                    ["LambdaEndpoint"] = _emulator.BaseUrl.ToString().TrimEnd('/'),
                    ["AwsCli"] = AwsCli.Path, // the `aws` first on PATH here may be v1; GitHub's runners have v2
                };
                foreach (var (variable, value) in step.Env)
                {
                    environment[variable] = Substitute(value);
                }
                var directory = Path.Combine(project, step.WorkingDirectory ?? job.WorkingDirectory ?? ".");
                var result = await Command.RunAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run!], directory, environment, TimeSpan.FromMinutes(5));
                Assert.True(result.ExitCode == 0, $"{job.Id} / {step.Name}: {step.Run}\n{result}");
                outputs[$"{job.Id}/{step.Name}"] = result;
            }
        }

        Assert.Contains("bootstrap", outputs["build/Check function.zip"].Output); // zipinfo lists the zip it checked
        if (layout == "Solution")
        {
            Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+[1-9]", outputs["build/Test"].Output);
        }
        Assert.Contains($"Created function {name}", outputs["deploy/Deploy"].Output);
        Assert.Contains(Answer, outputs["deploy/Invoke"].Output);
        var cli = new AwsCli(_emulator.BaseUrl.ToString().TrimEnd('/'), project, "us-east-1");
        var configuration = (await cli.LambdaAsync("get-function-configuration", "--function-name", name))!.Value;
        Assert.Equal(Variables["LAMBDA_ROLE_ARN"], configuration.GetProperty("Role").GetString());
    }

    /// <summary>`${{ vars.NAME }}` as GitHub would expand it; any other expression fails the test (it would need GitHub).</summary>
    private static string Substitute(string value)
    {
        var expanded = System.Text.RegularExpressions.Regex.Replace(value, @"\$\{\{\s*vars\.([A-Z_]+)\s*\}\}", m => Variables[m.Groups[1].Value]);
        Assert.False(expanded.Contains("${{", StringComparison.Ordinal), $"unexpected expression in a step's env: {value}");
        return expanded;
    }
}
