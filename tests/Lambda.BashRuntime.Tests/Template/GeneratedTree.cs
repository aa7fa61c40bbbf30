using System.Text;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>A generated project rendered for a snapshot: what changes from run to run is replaced by a stable name.</summary>
public static partial class GeneratedTree
{
    /// <summary>The project type of SDK-style C# projects in a .sln: the same in every solution, so it stays.</summary>
    private const string CSharpProjectType = "9A19103F-16F7-4668-BE54-9A1E7A4F7556";

    public static string Render(string project)
    {
        var text = ProjectTree.Render(project, "nuget.config").Replace(PackedTemplates.Version, "{SdkVersion}");
        // The engine gives each solution new project GUIDs: number them in order of appearance.
        var guids = new List<string>();
        return GuidPattern().Replace(text, match =>
        {
            if (match.Value.Equals(CSharpProjectType, StringComparison.OrdinalIgnoreCase))
            {
                return match.Value;
            }
            if (!guids.Contains(match.Value, StringComparer.OrdinalIgnoreCase))
            {
                guids.Add(match.Value);
            }
            return $"Guid_{guids.FindIndex(g => g.Equals(match.Value, StringComparison.OrdinalIgnoreCase)) + 1}";
        });
    }

    /// <summary>
    /// A scenario's project as what sets it apart from the default project (both rendered by <see cref="Render"/>):
    /// first its file list with modes, as aspnetcore's template baselines list a scenario's files, then each file that
    /// is not in the default project in full, and each file that differs as a line diff against the default's.
    /// </summary>
    public static string RenderChanges(string rendered, string defaultRendered)
    {
        var files = Split(rendered);
        var defaults = Split(defaultRendered);
        var text = new StringBuilder("files:\n");
        foreach (var file in files.Values)
        {
            text.Append("  ").Append(file.Header).Append('\n');
        }
        foreach (var (path, file) in files)
        {
            // With --tests the project moves into a folder of its own: compare HelloBash/x with the default's x.
            if (!defaults.TryGetValue(path, out var before) && !defaults.TryGetValue(path[(path.IndexOf('/') + 1)..], out before))
            {
                text.Append($"===== {file.Header} (not in Default) =====\n").Append(file.Content);
            }
            else if (before.Header != file.Header || before.Content != file.Content)
            {
                text.Append($"===== {file.Header} (Default: {before.Header}) =====\n").Append(Snapshot.Diff(before.Content, file.Content));
            }
        }
        foreach (var path in defaults.Keys.Where(p => !files.Keys.Any(f => f == p || f.EndsWith("/" + p, StringComparison.Ordinal))))
        {
            text.Append($"===== {path} (only in Default) =====\n");
        }
        return text.ToString();
    }

    private sealed record RenderedFile(string Header, string Content);

    /// <summary>A rendered tree back into its files, by the "===== path mode =====" line that starts each one.</summary>
    private static SortedDictionary<string, RenderedFile> Split(string rendered)
    {
        var files = new SortedDictionary<string, RenderedFile>(StringComparer.Ordinal);
        var headers = HeaderPattern().Matches(rendered);
        for (var i = 0; i < headers.Count; i++)
        {
            var start = headers[i].Index + headers[i].Length + 1;
            var end = i + 1 < headers.Count ? headers[i + 1].Index : rendered.Length;
            files[headers[i].Groups["path"].Value] = new RenderedFile(headers[i].Groups["header"].Value, rendered[start..end]);
        }
        return files;
    }

    [GeneratedRegex("^===== (?<header>(?<path>[^ ]+)( [0-7]+)?) =====$", RegexOptions.Multiline)]
    private static partial Regex HeaderPattern();

    [GeneratedRegex("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")]
    private static partial Regex GuidPattern();
}
