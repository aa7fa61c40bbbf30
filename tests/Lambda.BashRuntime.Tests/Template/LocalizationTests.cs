using System.Text.Json;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// The localizations (English, the engine's file for an English UI, and Japanese, as the seed tutorial is): every string
/// the engine can localize is in both files, no key is left over from a removed string and none is empty, `dotnet new`
/// shows them under DOTNET_CLI_UI_LANGUAGE=ja, and the Japanese README says what the English one says, command for command.
/// </summary>
public sealed class LocalizationTests
{
    private static readonly string ConfigDirectory = Path.Combine(RepoPaths.Template, ".template.config");

    private static IReadOnlyDictionary<string, string> Japanese { get; } = Strings("ja");

    /// <summary>localize/templatestrings.&lt;culture&gt;.json, the file the engine reads for that UI culture.</summary>
    private static Dictionary<string, string> Strings(string culture)
        => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(ConfigDirectory, "localize", $"templatestrings.{culture}.json")))!;

    /// <summary>Every key the engine reads from templatestrings.*.json for this template.json, with its English text.</summary>
    public static IReadOnlyDictionary<string, string> LocalizableStrings()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(ConfigDirectory, "template.json")));
        var root = json.RootElement;
        var strings = new Dictionary<string, string>
        {
            ["author"] = root.GetProperty("author").GetString()!,
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

    /// <summary>What is wrong with one localization file against template.json: missing, unknown and empty keys.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> localizable, IReadOnlyDictionary<string, string> file)
        => localizable.Keys.Except(file.Keys).Order(StringComparer.Ordinal).Select(k => $"missing: {k}")
            .Concat(file.Keys.Except(localizable.Keys).Order(StringComparer.Ordinal).Select(k => $"unknown (not in template.json): {k}"))
            .Concat(file.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key).Order(StringComparer.Ordinal).Select(k => $"empty: {k}"))
            .ToList();

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public void Localization_file_has_every_localizable_key_no_other_and_none_empty(string culture)
    {
        Assert.Equal([], Problems(LocalizableStrings(), Strings(culture)));
    }

    [Fact]
    public void English_file_says_what_template_json_says()
    {
        // The engine shows templatestrings.en.json under an English UI: a text changed in template.json only would
        // never be seen there.
        var english = Strings("en");

        Assert.All(LocalizableStrings(), pair => Assert.Equal(pair.Value, english.GetValueOrDefault(pair.Key)));
    }

    [Fact]
    public void Check_names_a_missing_an_unknown_and_an_empty_key()
    {
        var localizable = LocalizableStrings();
        var broken = new Dictionary<string, string>(Strings("ja"));
        broken.Remove("symbols/http/description");
        broken["symbols/removedOption/displayName"] = "削除されたオプション";
        broken["postActions/restore/description"] = " ";

        Assert.Equal(
            ["missing: symbols/http/description", "unknown (not in template.json): symbols/removedOption/displayName", "empty: postActions/restore/description"],
            Problems(localizable, broken));
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
