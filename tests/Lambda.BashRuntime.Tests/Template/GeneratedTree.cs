using System.Text;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>A generated project made stable for a snapshot: what changes from run to run is replaced by a stable name.</summary>
public static partial class GeneratedTree
{
    /// <summary>The project type of SDK-style C# projects in a .sln: the same in every solution, so it stays.</summary>
    private const string CSharpProjectType = "9A19103F-16F7-4668-BE54-9A1E7A4F7556";

    /// <summary>What the tests write beside a generated project, not the template.</summary>
    private static readonly string[] Ignored = ["nuget.config"];

    public sealed record GeneratedFile(string Mode, string Content);

    /// <summary>
    /// Every file of a generated project, by relative path in ordinal order, with its Unix mode ("" on Windows) and its
    /// content: the SDK version is {SdkVersion}, and the project GUIDs the engine makes anew for each solution are
    /// Guid_1, Guid_2... in order of appearance.
    /// </summary>
    public static SortedDictionary<string, GeneratedFile> Files(string project)
    {
        var files = new SortedDictionary<string, GeneratedFile>(StringComparer.Ordinal);
        var guids = new List<string>();
        foreach (var path in Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(project, f).Replace('\\', '/'))
                     .Where(f => !Ignored.Contains(f))
                     .Order(StringComparer.Ordinal))
        {
            var full = Path.Combine(project, path);
            var mode = OperatingSystem.IsWindows() ? "" : Convert.ToString((int)File.GetUnixFileMode(full), 8);
            var text = File.ReadAllText(full).Replace(PackedTemplates.Version, "{SdkVersion}");
            files[path] = new GeneratedFile(mode, GuidPattern().Replace(text, match =>
            {
                if (match.Value.Equals(CSharpProjectType, StringComparison.OrdinalIgnoreCase))
                {
                    return match.Value;
                }
                var index = guids.FindIndex(g => g.Equals(match.Value, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    guids.Add(match.Value);
                    index = guids.Count - 1;
                }
                return $"Guid_{index + 1}";
            }));
        }
        return files;
    }

    /// <summary>The contents alone, by path: what <see cref="Snapshot.VerifyFolder"/> mirrors.</summary>
    public static IReadOnlyDictionary<string, string> Contents(SortedDictionary<string, GeneratedFile> files)
        => files.ToDictionary(f => f.Key, f => f.Value.Content, StringComparer.Ordinal);

    /// <summary>The file list with modes, as aspnetcore's template baselines list a scenario's files (git keeps no modes).</summary>
    public static string Listing(SortedDictionary<string, GeneratedFile> files)
    {
        var text = new StringBuilder();
        foreach (var (path, file) in files)
        {
            text.Append(path).Append(file.Mode == "" ? "" : " " + file.Mode).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The whole tree as one text, for comparing two generated projects with each other.</summary>
    public static string Render(string project)
    {
        var text = new StringBuilder();
        foreach (var (path, file) in Files(project))
        {
            text.Append($"===== {path} {file.Mode} =====\n").Append(file.Content).Append('\n');
        }
        return text.ToString();
    }

    [GeneratedRegex("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")]
    private static partial Regex GuidPattern();
}
