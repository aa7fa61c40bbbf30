using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Packaging;

/// <summary>
/// What nuget.org and `dotnet new search` show for both packages, read from the .nupkg files the test run packed once
/// (PackedTemplates): readme, icon, license expression, project and repository URL, release notes from CHANGELOG.md,
/// and nothing of the repository's build output or tests inside.
/// </summary>
public sealed class PackageMetadataTests
{
    public static TheoryData<string> PackageIds() => new() { "Lambda.BashRuntime.Templates", "Lambda.BashRuntime.Sdk" };

    /// <summary>The placeholder URL of Directory.Build.props that RepositoryUrl and PackageProjectUrl follow.</summary>
    private static string RepositoryUrl { get; } = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props"))
        .Descendants("LambdaBashRuntimeRepositoryUrl").Single().Value;

    /// <summary>The CHANGELOG.md section of this version: the lines after its "## x.y.z" heading, up to the next "## ".</summary>
    public static string ReleaseNotes()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "CHANGELOG.md"));
        var start = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"^## {Regex.Escape(PackedTemplates.Version)}\b"));
        Assert.True(start >= 0, $"CHANGELOG.md has no section '## {PackedTemplates.Version}'");
        var section = lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
        return string.Join('\n', section).Trim();
    }

    private static async Task<(ZipArchive Package, XElement Metadata)> OpenAsync(string id)
    {
        var templates = await PackedTemplates.GetAsync();
        var package = ZipFile.OpenRead(templates.PackagePath(id));
        using var nuspec = package.GetEntry($"{id}.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return (package, metadata);
    }

    private static string? Element(XElement metadata, string name)
        => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static string Read(ZipArchive package, string path)
    {
        using var reader = new StreamReader(package.GetEntry(path)?.Open() ?? throw new Xunit.Sdk.XunitException($"{path} is not in the package"));
        return reader.ReadToEnd();
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public async Task Package_has_a_readme_that_shows_the_template(string id)
    {
        var (package, metadata) = await OpenAsync(id);
        using var _ = package;

        Assert.Equal("README.md", Element(metadata, "readme"));
        var readme = Read(package, "README.md");
        Assert.StartsWith($"# {id}\n", readme);
        Assert.Contains("dotnet new bash-runtime", readme);
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public async Task Package_icon_is_the_templates_icon(string id)
    {
        var (package, metadata) = await OpenAsync(id);
        using var _ = package;

        Assert.Equal("icon.png", Element(metadata, "icon"));
        using var icon = new MemoryStream();
        using (var entry = package.GetEntry("icon.png")!.Open())
        {
            entry.CopyTo(icon);
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Template, ".template.config", "icon.png")), icon.ToArray());
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public async Task Package_has_the_MIT_expression_the_urls_and_the_changelogs_release_notes(string id)
    {
        var (package, metadata) = await OpenAsync(id);
        using var _ = package;

        // NuGet takes a license expression or a license file, not both: the expression, as LICENSE at the root says.
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal(RepositoryUrl, Element(metadata, "projectUrl"));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Equal(RepositoryUrl, repository.Attribute("url")?.Value);
        Assert.Equal(ReleaseNotes(), Element(metadata, "releaseNotes")?.ReplaceLineEndings("\n"));
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public async Task Package_holds_nothing_from_bin_obj_or_the_tests(string id)
    {
        var (package, _) = await OpenAsync(id);
        using var __ = package;

        foreach (var entry in package.Entries.Select(e => e.FullName))
        {
            var segments = entry.Split('/');
            Assert.DoesNotContain(segments, s => s is "bin" or "obj" or "tests" or "TestResults" or "artifacts" or ".vs" or ".idea");
            Assert.DoesNotContain(".received.", entry, StringComparison.Ordinal);
            Assert.False(entry.EndsWith(".user", StringComparison.Ordinal), entry);
        }
        // The repository's own test projects would show up under their names.
        Assert.DoesNotContain(package.Entries, e => e.FullName.Contains("Lambda.BashRuntime.Tests", StringComparison.Ordinal)
                                                     || e.FullName.Contains("Benchmarks", StringComparison.Ordinal));
    }

    [Fact]
    public void Repository_has_an_MIT_LICENSE_and_a_changelog_section_for_this_version()
    {
        var license = File.ReadAllText(Path.Combine(RepoPaths.Root, "LICENSE"));

        Assert.StartsWith("MIT License\n", license);
        Assert.Contains("Permission is hereby granted, free of charge", license);
        Assert.NotEmpty(ReleaseNotes());
    }
}
