using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// template.json's conventions (dotnet/templating's reference and Microsoft's own templates), each checked against the
/// `dotnet new` engine in a private hive: the `sdk-version` constraint, the restore post action and `--no-restore`, the
/// open-file post action for IDE hosts, a versioned identity in a stable group with a precedence, and a `lambda.`
/// alias beside `bash-runtime`.
/// </summary>
public sealed partial class TemplateConventionTests
{
    private const string RestoreAction = "210d431b-a78b-4d2f-b762-4ed3e3ea9025";
    private const string OpenFileAction = "84c0da21-51c8-4541-9940-6ca19af04ee6";

    private static JsonElement TemplateJson()
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Template, ".template.config", "template.json"))).RootElement;

    /// <summary>The lower bound of the sdk-version constraint, such as 10.0.100 in "[10.0.100,)".</summary>
    private static Version ConstraintLowerBound()
    {
        var constraint = TemplateJson().GetProperty("constraints").EnumerateObject().Single(c => c.Value.GetProperty("type").GetString() == "sdk-version");
        var range = constraint.Value.GetProperty("args").EnumerateArray().Single().GetString()!;
        var match = LowerBoundPattern().Match(range);
        Assert.True(match.Success, $"the sdk-version constraint is not a range with an inclusive lower bound and no upper bound: {range}");
        return Version.Parse(match.Groups["version"].Value);
    }

    /// <summary>The template as the engine recorded it in the private hive's cache after `dotnet new install`.</summary>
    private static async Task<JsonElement> CachedTemplateAsync(PackedTemplates templates)
    {
        // A list makes sure the cache is written for this SDK version.
        var list = await templates.DotnetNewAsync(["list", "bash-runtime"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        var cache = Directory.EnumerateFiles(templates.Hive, "templatecache.json", SearchOption.AllDirectories).Single();
        using var json = JsonDocument.Parse(File.ReadAllText(cache).TrimStart('\uFEFF'));
        return json.RootElement.GetProperty("TemplateInfo").EnumerateArray()
            .Single(t => t.GetProperty("MountPointUri").GetString()!.EndsWith($"Lambda.BashRuntime.Templates.{PackedTemplates.Version}.nupkg", StringComparison.Ordinal))
            .Clone();
    }

    [Fact]
    public void Sdk_version_constraint_asks_for_the_SDK_that_the_generated_projects_target()
    {
        var lowerBound = ConstraintLowerBound();

        // The generated test project (and the emulator that `dotnet run` starts) target net<major>.0: an older SDK
        // instantiates the template and fails at build, so the constraint asks for that major version's first SDK.
        var testProject = XDocument.Load(Path.Combine(RepoPaths.Template, "BashRuntime.1.Tests", "BashRuntime.1.Tests.csproj"));
        var framework = testProject.Descendants("TargetFramework").Single().Value;
        Assert.Equal($"net{lowerBound.Major}.0", framework);
        Assert.Equal(new Version(lowerBound.Major, 0, 100), lowerBound);
    }

    [Fact]
    public async Task An_SDK_older_than_the_constraint_is_refused_with_the_engines_message()
    {
        var templates = await PackedTemplates.GetAsync();
        var version = await templates.DotnetAsync(templates.WorkRoot, ["--version"]);
        var running = Version.Parse(Regex.Match(version.Output, @"^\d+\.\d+\.\d+").Value);
        // The running SDK is older than the constraint asks for: the template's own constraint, with its lower bound
        // moved to the next major version after the running SDK (as a .NET 9 SDK stands to today's "[10.0.100,)").
        var copy = Path.Combine(templates.WorkRoot, "constrained-template");
        CopyDirectory(RepoPaths.Template, copy);
        var templateJson = Path.Combine(copy, ".template.config", "template.json");
        var required = $"[{running.Major + 1}.0.100,)";
        File.WriteAllText(templateJson, File.ReadAllText(templateJson).Replace($"[{ConstraintLowerBound()},)", required, StringComparison.Ordinal));
        var hive = Path.Combine(templates.WorkRoot, "constrained-hive");
        var install = await templates.DotnetNewAsync(["install", copy], hive: hive);
        Assert.True(install.ExitCode == 0, install.ToString());

        var result = await templates.DotnetNewAsync(["bash-runtime", "-o", templates.NewProjectFolder("Refused"), "--no-restore"], hive: hive);

        Assert.True(result.ExitCode == 100, result.ToString()); // the engine's "constraints are not met"
        var output = result.Output + result.Error;
        Assert.Contains("the following constraints are not met", output);
        Assert.Contains($".NET SDK version: Running template on current .NET SDK version ({version.Output.Trim()}) is unsupported.", output);
        Assert.Contains($"Supported version(s): [{running.Major + 1}.0.100, )", output);
    }

    [Fact]
    public async Task Engine_records_a_versioned_identity_in_a_stable_group_with_a_precedence()
    {
        var templates = await PackedTemplates.GetAsync();

        var cached = await CachedTemplateAsync(templates);

        var group = cached.GetProperty("GroupIdentity").GetString()!;
        Assert.Equal("Lambda.BashRuntime.Templates.BashRuntime", group);
        // The identity is the group's with the package's major version: version 2 can be installed beside it.
        var major = Version.Parse(PackedTemplates.Version).Major;
        Assert.Equal($"{group}.{Math.Max(major, 1)}", cached.GetProperty("Identity").GetString());
        Assert.Equal(100 * Math.Max(major, 1), cached.GetProperty("Precedence").GetInt32());
        Assert.Equal(["bash-runtime", "lambda.BashRuntime"], cached.GetProperty("ShortNameList").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([RestoreAction, OpenFileAction], cached.GetProperty("PostActions").EnumerateArray().Select(a => a.GetString()).Distinct()
            .Where(a => a is RestoreAction or OpenFileAction).Order());
    }

    [Fact]
    public async Task Restore_runs_after_creation_and_no_restore_skips_it()
    {
        var templates = await PackedTemplates.GetAsync();
        var restored = templates.NewProjectFolder("Restored");
        var skipped = templates.NewProjectFolder("Skipped");
        foreach (var folder in new[] { restored, skipped })
        {
            Directory.CreateDirectory(folder);
            templates.WriteNuGetConfig(folder); // the restore finds the SDK package in this run's feed
        }

        var withRestore = await templates.DotnetNewAsync(["bash-runtime", "-n", "Restored", "-o", restored, "--tests"]);
        var withoutRestore = await templates.DotnetNewAsync(["bash-runtime", "-n", "Skipped", "-o", skipped, "--tests", "--no-restore"]);

        Assert.True(withRestore.ExitCode == 0, withRestore.ToString());
        Assert.Contains("Restore succeeded.", withRestore.Output);
        Assert.True(File.Exists(Path.Combine(restored, "Restored", "obj", "project.assets.json")), withRestore.ToString());
        Assert.True(File.Exists(Path.Combine(restored, "Restored.Tests", "obj", "project.assets.json")), withRestore.ToString());
        Assert.True(withoutRestore.ExitCode == 0, withoutRestore.ToString());
        Assert.DoesNotContain("Restor", withoutRestore.Output);
        Assert.False(Directory.Exists(Path.Combine(skipped, "Skipped", "obj")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--tests")]
    public async Task Open_file_action_is_for_IDE_hosts_only_and_names_function_sh(string option)
    {
        var templates = await PackedTemplates.GetAsync();
        var template = TemplateJson();

        // The CLI skips it: without the HostIdentifier bind symbol the condition would hold here too, and `dotnet new`
        // would print "The post action 84c0da21-... is not supported" after every project.
        var result = await templates.DotnetNewAsync(["bash-runtime", "-n", "Cli", "-o", templates.NewProjectFolder("Cli"), "--no-restore", .. option == "" ? Array.Empty<string>() : [option]]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(OpenFileAction, result.Output + result.Error, StringComparison.OrdinalIgnoreCase);

        // For an IDE host (HostIdentifier "vs"), the open-file action that applies points at function.sh among the
        // primary outputs that apply: the engine indexes the outputs whose conditions hold.
        var values = new Dictionary<string, bool> { ["includeTests"] = option == "--tests", ["ide"] = true };
        var outputs = template.GetProperty("primaryOutputs").EnumerateArray()
            .Where(o => !o.TryGetProperty("condition", out var c) || Holds(c.GetString()!, values))
            .Select(o => o.GetProperty("path").GetString()!).ToArray();
        var open = template.GetProperty("postActions").EnumerateArray()
            .Where(a => a.GetProperty("actionId").GetString()!.Equals(OpenFileAction, StringComparison.OrdinalIgnoreCase))
            .Single(a => Holds(a.GetProperty("condition").GetString()!, values));
        var indexes = open.GetProperty("args").GetProperty("files").GetString()!.Split(';').Select(int.Parse).ToArray();
        Assert.Equal([option == "--tests" ? "BashRuntime.1/function.sh" : "function.sh"], indexes.Select(i => outputs[i]));
        Assert.Contains("HostIdentifier", template.GetProperty("symbols").EnumerateObject().Where(s => s.Value.GetProperty("type").GetString() == "bind").Select(s => s.Name));
    }

    [Fact]
    public async Task Lambda_alias_creates_the_same_project_and_is_listed()
    {
        var templates = await PackedTemplates.GetAsync();
        var byAlias = templates.NewProjectFolder("Aliased");

        var created = await templates.DotnetNewAsync(["lambda.BashRuntime", "-n", "Aliased", "-o", byAlias, "--http", "--no-restore"]);
        var byName = await templates.ScaffoldAsync("Aliased", "--http");
        var list = await templates.DotnetNewAsync(["list", "lambda."]);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(GeneratedTree.Render(byName), GeneratedTree.Render(byAlias));
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("bash-runtime,lambda.BashRuntime", list.Output);
    }

    /// <summary>The few condition forms that primaryOutputs and postActions use: (includeTests), (!includeTests), and HostIdentifier.</summary>
    private static bool Holds(string condition, IReadOnlyDictionary<string, bool> values)
    {
        var terms = condition.Trim('(', ')').Split("&&", StringSplitOptions.TrimEntries);
        return terms.All(term => term switch
        {
            "HostIdentifier != 'dotnetcli'" => values["ide"],
            "includeTests" => values["includeTests"],
            "!includeTests" => !values["includeTests"],
            "!skipRestore" => true,
            _ when term.StartsWith("OS != ", StringComparison.Ordinal) => true,
            _ => throw new InvalidOperationException($"condition term the test does not know: {term}"),
        });
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
    }

    [GeneratedRegex(@"^\[(?<version>\d+\.\d+\.\d+),\s*\)$")]
    private static partial Regex LowerBoundPattern();
}
