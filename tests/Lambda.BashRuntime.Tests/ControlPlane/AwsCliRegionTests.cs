using Lambda.BashRuntime.Emulator.Cli;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>An empty Region is the AWS CLI's: its environment variables first, then the profile's region in its config file.</summary>
public sealed class AwsCliRegionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_environment_comes_before_the_config_file_and_a_profile_reads_its_own_section()
    {
        var config = Path.Combine(_folder.Path, "config");
        File.WriteAllText(config, "[default]\nregion = eu-west-1\n\n[profile work]\nregion=ap-south-1\n");
        string? Env(Dictionary<string, string> values, string name) => values.GetValueOrDefault(name);

        Assert.Equal("us-west-2", AwsCliRegion.Find(n => Env(new() { ["AWS_REGION"] = "us-west-2", ["AWS_DEFAULT_REGION"] = "ca-central-1", ["AWS_CONFIG_FILE"] = config }, n)));
        Assert.Equal("ca-central-1", AwsCliRegion.Find(n => Env(new() { ["AWS_DEFAULT_REGION"] = "ca-central-1", ["AWS_CONFIG_FILE"] = config }, n)));
        Assert.Equal("eu-west-1", AwsCliRegion.Find(n => Env(new() { ["AWS_CONFIG_FILE"] = config }, n)));
        Assert.Equal("ap-south-1", AwsCliRegion.Find(n => Env(new() { ["AWS_CONFIG_FILE"] = config, ["AWS_PROFILE"] = "work" }, n)));
        Assert.Null(AwsCliRegion.Find(n => Env(new() { ["AWS_CONFIG_FILE"] = Path.Combine(_folder.Path, "missing") }, n)));
        Assert.Null(AwsCliRegion.Find(_ => null, home: _folder.Path));
    }
}
