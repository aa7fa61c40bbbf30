using System.Text;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>Renders a generated folder as one text: every file, sorted, with its Unix mode and its content.</summary>
public static class ProjectTree
{
    public static string Render(string root, params string[] ignoredFiles)
    {
        var text = new StringBuilder();
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !ignoredFiles.Contains(f))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var mode = OperatingSystem.IsWindows() ? "" : $" {Convert.ToString((int)File.GetUnixFileMode(Path.Combine(root, file)), 8)}";
            text.Append($"===== {file}{mode} =====\n").Append(File.ReadAllText(Path.Combine(root, file)));
            text.Append('\n');
        }
        return text.ToString();
    }
}
