using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Sdk;

/// <summary>
/// The deploy targets refuse to start, with an LBR error that says what to do, when the AWS CLI they drive is missing,
/// is v1, or has no credentials. All offline: none of these reach AWS.
/// </summary>
public sealed class AwsCliCheckTests
{
    [Fact]
    public async Task Missing_cli_is_error_LBR010()
    {
        var (templates, project) = await PackedTemplates.NewProjectAsync("NoCli");

        var build = await templates.DotnetAsync(project, ["build", "-t:Deploy", "-p:AwsCli=/nonexistent/aws", "-nologo"]);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error LBR010: The AWS CLI ('/nonexistent/aws') could not be run. Install the AWS CLI v2", build.Output);
    }

    [Fact]
    public async Task Cli_v1_is_error_LBR011()
    {
        var (templates, project) = await PackedTemplates.NewProjectAsync("CliV1");
        var fakeV1 = Path.Combine(project, "aws-v1");
        File.WriteAllText(fakeV1, "#!/bin/sh\necho 'aws-cli/1.18.69 Python/3.8.10 Linux/5.4.0 botocore/1.17.12' >&2\n");
        File.SetUnixFileMode(fakeV1, (UnixFileMode)Convert.ToInt32("755", 8));

        var build = await templates.DotnetAsync(project, ["build", "-t:PublishLayer", $"-p:AwsCli={fakeV1}", "-nologo"]);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error LBR011", build.Output);
        Assert.Contains("is 'aws-cli/1.18.69", build.Output);
        Assert.Contains("need the AWS CLI v2", build.Output);
    }

    [Fact]
    public async Task No_credentials_is_error_LBR012()
    {
        var (templates, project) = await PackedTemplates.NewProjectAsync("NoCredentials");
        var nowhere = Path.Combine(project, "no-such-aws-config");

        var build = await templates.DotnetAsync(project, ["build", "-t:Deploy", "-p:AwsCli=/usr/bin/aws", "-nologo"], environment: new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = nowhere,
            ["AWS_SHARED_CREDENTIALS_FILE"] = nowhere,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
        });

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error LBR012: The AWS CLI has no usable credentials (Unable to locate credentials", build.Output);
        Assert.Contains("Run 'aws configure'", build.Output);
    }
}
