using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// What `dotnet new bash-runtime` generates for each value of each option, against TemplateSnapshotTests' "Default"
/// (the full tree): one approved snapshot per scenario that lists every file of the scenario with its mode, then only
/// what differs from the default project (new files in full, changed files as line diffs).
/// </summary>
public sealed class TemplateOptionSnapshotTests
{
    /// <summary>The default project, rendered once per run: what each scenario is compared with.</summary>
    private static readonly Lazy<Task<string>> DefaultTree = new(async () =>
        GeneratedTree.Render(await (await PackedTemplates.GetAsync()).ScaffoldAsync("HelloBash")));

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

        Snapshot.Verify(GeneratedTree.RenderChanges(GeneratedTree.Render(project), await DefaultTree.Value), scenario);
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
