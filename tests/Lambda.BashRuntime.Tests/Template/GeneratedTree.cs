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

    [GeneratedRegex("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")]
    private static partial Regex GuidPattern();
}
