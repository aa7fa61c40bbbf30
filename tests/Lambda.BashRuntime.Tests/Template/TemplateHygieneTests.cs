using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// Checks on the template sources themselves: the encoding rules students' editors and Lambda rely on, and what
/// Microsoft.TemplateEngine.Authoring.Tasks validates in template.json (that package is not served here).
/// </summary>
public sealed class TemplateHygieneTests
{
    public static TheoryData<string> TemplateFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Template, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!file.EndsWith(".png", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepoPaths.Template, file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public void Text_file_is_utf8_without_bom_with_lf_and_a_final_newline(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Template, file));

        Assert.False(bytes.AsSpan().StartsWith("\uFEFF"u8), $"{file} starts with a byte order mark");
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
        _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public void Json_file_parses(string file)
    {
        if (file.EndsWith(".json", StringComparison.Ordinal))
        {
            using var _ = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Template, file)));
        }
    }

    [Fact]
    public void Template_json_has_what_the_authoring_validation_requires()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Template, ".template.config", "template.json")));
        var root = json.RootElement;

        foreach (var required in new[] { "identity", "name", "sourceName", "author", "description" })
        {
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty(required).GetString()), $"template.json: {required} is empty");
        }
        // shortName may be an array (bash-runtime and its lambda. alias): none empty, none taken twice.
        var shortNames = root.GetProperty("shortName").EnumerateArray().Select(s => s.GetString()!).ToArray();
        Assert.All(shortNames, s => Assert.Matches(@"^[A-Za-z][A-Za-z0-9.-]*$", s));
        Assert.Equal(shortNames.Length, shortNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Matches(@"^[A-Za-z0-9.]+$", root.GetProperty("identity").GetString()!);
        Assert.NotEmpty(root.GetProperty("classifications").EnumerateArray());
        Assert.Equal("project", root.GetProperty("tags").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("tags").GetProperty("language").GetString()));

        // The sourceName must name the project file and must not occur where it was not meant to be replaced.
        var sourceName = root.GetProperty("sourceName").GetString()!;
        Assert.True(File.Exists(Path.Combine(RepoPaths.Template, sourceName + ".csproj")));
        foreach (var symbol in root.GetProperty("symbols").EnumerateObject())
        {
            Assert.Matches(@"^[A-Za-z][A-Za-z0-9]*$", symbol.Name);
            Assert.True(symbol.Value.TryGetProperty("type", out _), $"symbol {symbol.Name} has no type");
        }
        foreach (var action in root.GetProperty("postActions").EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(action.GetProperty("id").GetString()), "every post action needs an id (localization keys use it)");
            Assert.NotEqual("3a7c4b45-1f5d-4a30-959a-51b88e82b5d2", action.GetProperty("actionId").GetString()); // run-script: prompts, hangs without stdin
        }
    }

    [Fact]
    public void Template_pack_stamps_the_sdk_version_placeholder()
    {
        var templateJson = File.ReadAllText(Path.Combine(RepoPaths.Template, ".template.config", "template.json"));
        var pack = File.ReadAllText(Path.Combine(RepoPaths.Root, "TemplatePack.csproj"));

        Assert.Single(Regex.Matches(templateJson, Regex.Escape("\"0.0.0-dev\"")));
        Assert.Contains(".Replace('0.0.0-dev', '$(Version)')", pack);
        // The stamp goes through WriteLinesToFile, which turns every backslash into a slash on Linux and macOS.
        Assert.DoesNotContain('\\', templateJson);
    }

    [Fact]
    public void Generated_test_project_uses_the_test_packages_this_repository_builds_with()
    {
        // The versions this repository restores and tests with are known to work together (and to be served here).
        var central = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);
        var testProject = XDocument.Load(Path.Combine(RepoPaths.Template, "BashRuntime.1.Tests", "BashRuntime.1.Tests.csproj"));

        foreach (var reference in testProject.Descendants("PackageReference").Where(r => r.Attribute("Include")!.Value != "Lambda.BashRuntime.Sdk"))
        {
            Assert.Equal(central[reference.Attribute("Include")!.Value], reference.Attribute("Version")!.Value);
        }
    }
}
