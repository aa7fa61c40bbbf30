using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// What `dotnet new bash-runtime` generates for each value of each option, against approved snapshots with
/// TemplateVerifier's layout: per scenario a folder `Snapshots/TemplateOptionSnapshotTests.&lt;Scenario&gt;.verified/`
/// that mirrors the generated tree, one verified file per generated file (so each file diffs on its own), and
/// `&lt;Scenario&gt;.files.verified.txt` listing every file with its mode. TemplateSnapshotTests holds the default project.
/// </summary>
public sealed class TemplateOptionSnapshotTests
{
    public static TheoryData<string, string[]> Scenarios() => new()
    {
        { "FunctionName", ["--function-name", "hello_bash-1"] },
        { "RuntimeAl2", ["--runtime", "provided.al2"] },
        { "ArchitectureArm64", ["--architecture", "arm64"] },
        { "Region", ["--region", "eu-west-1"] },
        { "LayerName", ["--layer-name", "bash-runtime"] },
        { "TimeoutAndMemory", ["--timeout", "900", "--memory-size", "10240"] },
        { "ReadmeJapanese", ["--readme-language", "ja"] },
        { "ReadmeBoth", ["--readme-language", "both"] },
        { "Tests", ["--tests"] },
        { "TestsReadmeBoth", ["--tests", "--readme-language", "both"] },
        { "TestsReadmeJapanese", ["--tests", "--readme-language", "ja"] },
        { "CiGithub", ["--ci", "github"] },
        { "CiGithubTestsReadmeBoth", ["--ci", "github", "--tests", "--readme-language", "both"] },
        { "Http", ["--http"] },
        { "HttpTests", ["--http", "--tests"] },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Option_generates_the_approved_project(string scenario, string[] options)
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("HelloBash", options);

        var files = GeneratedTree.Files(project);
        Snapshot.Verify(GeneratedTree.Listing(files), scenario + ".files");
        Snapshot.VerifyFolder(GeneratedTree.Contents(files), scenario);
    }

    [Fact]
    public async Task Short_aliases_generate_what_the_long_options_do()
    {
        var templates = await PackedTemplates.GetAsync();
        var longForm = await templates.ScaffoldAsync("Aliased",
            "--function-name", "f", "--runtime", "provided.al2", "--architecture", "arm64", "--region", "eu-west-1",
            "--layer-name", "l", "--timeout", "30", "--memory-size", "512", "--tests", "--ci", "github", "--http", "--readme-language", "both");
        var shortForm = await templates.ScaffoldAsync("Aliased",
            "-fn", "f", "-rt", "provided.al2", "-ar", "arm64", "-rg", "eu-west-1", "-ln", "l", "-to", "30", "-ms", "512", "-ts", "-cd", "github", "-ht", "-rl", "both");

        Assert.Equal(GeneratedTree.Render(longForm), GeneratedTree.Render(shortForm));
    }
}
