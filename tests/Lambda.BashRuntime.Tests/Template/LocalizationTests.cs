using System.Text.Json;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// The Japanese localization (the seed tutorial is Japanese): every string the engine can localize has a translation,
/// no translation is left over from a removed string, `dotnet new` shows them under DOTNET_CLI_UI_LANGUAGE=ja, and the
/// Japanese README says what the English one says, command for command.
/// </summary>
public sealed class LocalizationTests
{
    private static readonly string ConfigDirectory = Path.Combine(RepoPaths.Template, ".template.config");

    private static IReadOnlyDictionary<string, string> Japanese { get; } =
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(ConfigDirectory, "localize", "templatestrings.ja.json")))!;

    /// <summary>Every key the engine reads from templatestrings.*.json for this template.json, with its English text.</summary>
    public static IReadOnlyDictionary<string, string> LocalizableStrings()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(ConfigDirectory, "template.json")));
        var root = json.RootElement;
        var strings = new Dictionary<string, string>
        {
            ["name"] = root.GetProperty("name").GetString()!,
            ["description"] = root.GetProperty("description").GetString()!,
        };
        foreach (var symbol in root.GetProperty("symbols").EnumerateObject().Where(s => s.Value.GetProperty("type").GetString() == "parameter"))
        {
            foreach (var field in new[] { "displayName", "description" })
            {
                Assert.True(symbol.Value.TryGetProperty(field, out var text), $"parameter {symbol.Name} has no {field}");
                strings[$"symbols/{symbol.Name}/{field}"] = text.GetString()!;
            }
            if (symbol.Value.TryGetProperty("choices", out var choices))
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    var id = choice.GetProperty("choice").GetString();
                    strings[$"symbols/{symbol.Name}/choices/{id}/displayName"] = choice.GetProperty("displayName").GetString()!;
                    strings[$"symbols/{symbol.Name}/choices/{id}/description"] = choice.GetProperty("description").GetString()!;
                }
            }
        }
        foreach (var action in root.GetProperty("postActions").EnumerateArray())
        {
            var id = action.GetProperty("id").GetString();
            strings[$"postActions/{id}/description"] = action.GetProperty("description").GetString()!;
            foreach (var instruction in action.GetProperty("manualInstructions").EnumerateArray())
            {
                var instructionId = instruction.TryGetProperty("id", out var given) ? given.GetString() : "default";
                strings[$"postActions/{id}/manualInstructions/{instructionId}/text"] = instruction.GetProperty("text").GetString()!;
            }
        }
        return strings;
    }

    [Fact]
    public void Every_localizable_string_has_a_Japanese_translation_and_nothing_else_is_translated()
    {
        var english = LocalizableStrings();

        Assert.Empty(english.Keys.Except(Japanese.Keys).Order()); // missing translations
        Assert.Empty(Japanese.Keys.Except(english.Keys).Order()); // translations of strings that no longer exist
        Assert.All(Japanese, pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), $"{pair.Key} is empty"));
    }

    [Fact]
    public void Translations_are_Japanese_except_names_that_stay_as_they_are()
    {
        // Product names and architecture names are the same in both languages; every sentence must be translated.
        var untranslatable = new HashSet<string>
        {
            "symbols/runtime/choices/provided.al2023/displayName", "symbols/runtime/choices/provided.al2/displayName",
            "symbols/architecture/choices/x86_64/displayName", "symbols/architecture/choices/arm64/displayName",
            "symbols/ci/choices/github/displayName",
        };
        foreach (var (key, text) in Japanese.Where(p => !untranslatable.Contains(p.Key)))
        {
            Assert.True(Regex.IsMatch(text, @"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]"), $"{key} is not Japanese: {text}");
        }
    }

    [Fact]
    public async Task Help_is_Japanese_when_the_CLI_UI_language_is_Japanese()
    {
        var templates = await PackedTemplates.GetAsync();

        var help = await templates.DotnetNewAsync(["bash-runtime", "--help"],
            environment: new Dictionary<string, string?> { ["DOTNET_CLI_UI_LANGUAGE"] = "ja" });

        Assert.True(help.ExitCode == 0, help.ToString());
        var output = Regex.Replace(help.Output, @"\s+", ""); // the help wraps long lines anywhere
        foreach (var key in new[] { "name", "description", "symbols/functionName/description", "symbols/runtime/description",
                     "symbols/architecture/choices/arm64/description", "symbols/timeout/description", "symbols/includeTests/description",
                     "symbols/readmeLanguage/choices/both/description" })
        {
            Assert.Contains(Regex.Replace(Japanese[key], @"\s+", ""), output);
        }
    }

    [Fact]
    public async Task List_shows_the_Japanese_name_when_the_CLI_UI_language_is_Japanese()
    {
        var templates = await PackedTemplates.GetAsync();

        var list = await templates.DotnetNewAsync(["list", "bash-runtime"],
            environment: new Dictionary<string, string?> { ["DOTNET_CLI_UI_LANGUAGE"] = "ja" });

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(Japanese["name"], list.Output);
    }

    [Fact]
    public void Japanese_README_has_the_same_commands_sections_and_conditions_as_the_English_one()
    {
        static IEnumerable<string> Skeleton(string file) => File.ReadAllLines(Path.Combine(RepoPaths.Template, file))
            .Where(line => line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith("<!--#", StringComparison.Ordinal)
                           || line.StartsWith('#') || line.StartsWith("| `", StringComparison.Ordinal))
            // Commands stay as they are; their trailing comments, headings and table text are translated.
            .Select(line => line.StartsWith("    ", StringComparison.Ordinal) ? Regex.Replace(line, @"\s+#\s.*$", "")
                : line.StartsWith('#') ? new string('#', line.TakeWhile(c => c == '#').Count())
                : line.StartsWith("| `", StringComparison.Ordinal) ? line[..(line.IndexOf('`', 3) + 1)]
                : line);

        Assert.Equal(Skeleton("README.md"), Skeleton("README.ja.md"));
    }
}
