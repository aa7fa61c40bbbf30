using System.Buffers.Binary;
using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// The host files that make the template feel native: dotnetcli.host.json (`dotnet new` option names and aliases) and
/// ide.host.json with its icon (Visual Studio's New Project dialog; Rider reads the same files).
/// </summary>
public sealed class HostFileTests
{
    private static readonly string ConfigDirectory = Path.Combine(RepoPaths.Template, ".template.config");

    /// <summary>Options of `dotnet new` itself, which a template option must not shadow.</summary>
    private static readonly string[] ReservedAliases = ["-n", "-o", "-h", "-?", "-lang", "-d", "-v", "--name", "--output", "--language", "--type", "--force", "--dry-run", "--project"];

    private static JsonElement Load(string file)
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(ConfigDirectory, file))).RootElement;

    private static string[] Parameters() => Load("template.json").GetProperty("symbols").EnumerateObject()
        .Where(s => s.Value.GetProperty("type").GetString() == "parameter").Select(s => s.Name).ToArray();

    [Fact]
    public void Every_option_has_a_long_name_and_a_unique_short_alias_on_the_command_line()
    {
        var cli = Load("dotnetcli.host.json").GetProperty("symbolInfo");

        Assert.Equal(Parameters().Order(), cli.EnumerateObject().Select(s => s.Name).Order());
        var longNames = cli.EnumerateObject().Select(s => "--" + s.Value.GetProperty("longName").GetString()).ToArray();
        // skipRestore is --no-restore with no alias, as in Microsoft's templates ("shortName": "").
        var shortNames = cli.EnumerateObject().Where(s => s.Value.GetProperty("shortName").GetString() != "")
            .Select(s => "-" + s.Value.GetProperty("shortName").GetString()).ToArray();
        Assert.Equal(["skipRestore"], cli.EnumerateObject().Where(s => s.Value.GetProperty("shortName").GetString() == "").Select(s => s.Name));
        Assert.Equal("no-restore", cli.GetProperty("skipRestore").GetProperty("longName").GetString());
        Assert.All(longNames, name => Assert.Matches("^--[a-z]+(-[a-z]+)*$", name));
        Assert.Equal(longNames.Length + shortNames.Length, longNames.Concat(shortNames).Distinct().Count());
        Assert.Empty(longNames.Concat(shortNames).Intersect(ReservedAliases));
    }

    [Fact]
    public void Ide_host_shows_every_option_with_the_icon()
    {
        var ide = Load("ide.host.json");

        Assert.Equal("icon.png", ide.GetProperty("icon").GetString());
        // Where Visual Studio places the template among the pack's templates (lowest first); one template: any number.
        Assert.True(ide.GetProperty("order").GetInt32() > 0);
        var symbols = ide.GetProperty("symbolInfo").EnumerateArray().ToArray();
        Assert.Equal(Parameters().Order(), symbols.Select(s => s.GetProperty("id").GetString()).Order());
        // Visual Studio restores on its own and ignores the restore post action: its switch stays hidden there.
        Assert.Equal(["skipRestore"], symbols.Where(s => !s.GetProperty("isVisible").GetBoolean()).Select(s => s.GetProperty("id").GetString()));
        var shown = symbols.Where(s => s.GetProperty("isVisible").GetBoolean()).ToArray();
        // The dialog takes labels from template.json's displayName (localized); a name here would not be.
        Assert.All(shown, s => Assert.False(s.TryGetProperty("name", out _), $"{s.GetProperty("id")}: label it with displayName in template.json"));
        // The order the dialog shows: the function first, the project's extras last.
        Assert.Equal("functionName", shown[0].GetProperty("id").GetString());
        Assert.Equal(["includeTests", "readmeLanguage"], shown[^2..].Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public void Icon_is_a_small_square_png()
    {
        var icon = File.ReadAllBytes(Path.Combine(ConfigDirectory, "icon.png"));

        Assert.True(icon.Length < 10 * 1024, $"icon.png is {icon.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, icon[..8]);
        var width = BinaryPrimitives.ReadInt32BigEndian(icon.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(icon.AsSpan(20));
        Assert.Equal(width, height);
        Assert.InRange(width, 32, 256);
    }

    [Fact]
    public void Template_has_what_the_New_Project_dialogs_filter_on()
    {
        var template = Load("template.json");

        // Visual Studio needs tags.type and tags.language; its search, its platform filter (Linux) and Rider's list
        Assert.Equal("project", template.GetProperty("tags").GetProperty("type").GetString());
        Assert.Equal("Bash", template.GetProperty("tags").GetProperty("language").GetString());
        // use classifications: AWS's own Lambda templates' three (AWS/Lambda/Function) and Linux, the platform Lambda
        // runs on. Bash is the language column already; four keep the Tags column as short as AWS's beside it.
        Assert.Equal(["AWS", "Lambda", "Function", "Linux"], template.GetProperty("classifications").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal("BashFunction", template.GetProperty("defaultName").GetString());
    }

    [Fact]
    public async Task List_shows_the_name_short_name_language_and_tags()
    {
        var templates = await PackedTemplates.GetAsync();

        var list = await templates.DotnetNewAsync(["list", "bash-runtime"]);

        Assert.True(list.ExitCode == 0, list.ToString());
        var row = list.Output.Split('\n').Single(line => line.Contains("  bash-runtime,lambda.BashRuntime  ", StringComparison.Ordinal));
        Assert.Matches(@"^AWS Lambda function \(Bash runtime\)\s+bash-runtime,lambda\.BashRuntime\s+Bash\s+AWS/Lambda/Function/Linux\s*$", row);
    }

    [Fact]
    public async Task Packed_template_carries_the_host_files_icon_and_localization()
    {
        var templates = await PackedTemplates.GetAsync();
        using var package = System.IO.Compression.ZipFile.OpenRead(templates.PackagePath("Lambda.BashRuntime.Templates"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        foreach (var file in new[] { "dotnetcli.host.json", "ide.host.json", "icon.png", "localize/templatestrings.en.json", "localize/templatestrings.ja.json", "template.json" })
        {
            Assert.Contains($"content/templates/bash-runtime/.template.config/{file}", entries);
        }
    }
}
