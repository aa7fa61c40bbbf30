using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// What `dotnet new bash-runtime` generates, file by file (paths, modes, contents), against approved snapshots: the
/// folder TemplateSnapshotTests.Default.verified/ mirrors the project, and Default.files.verified.txt lists every file
/// with its mode, so a file that appears or disappears fails the test as surely as a changed line.
/// </summary>
public sealed class TemplateSnapshotTests
{
    [Fact]
    public async Task Default_project()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("HelloBash");

        var files = GeneratedTree.Files(project);
        Snapshot.Verify(GeneratedTree.Listing(files), "Default.files");
        Snapshot.VerifyFolder(GeneratedTree.Contents(files), "Default");
    }

    [Fact]
    public async Task Project_name_that_is_not_a_valid_function_name_is_made_into_one()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("My.Bash Function");

        var csproj = File.ReadAllText(Path.Combine(project, "My.Bash Function.csproj"));
        Assert.Contains("<FunctionName>My-Bash-Function</FunctionName>", csproj);
    }

    [Fact]
    public async Task Generated_project_names_the_sdk_version_it_was_released_with()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("Versioned");

        var csproj = File.ReadAllText(Path.Combine(project, "Versioned.csproj"));
        Assert.StartsWith($"<Project Sdk=\"Lambda.BashRuntime.Sdk/{PackedTemplates.Version}\">", csproj);
    }
}
