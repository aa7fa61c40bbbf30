using System.Text.RegularExpressions;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>One command of a generated README's code blocks, with the section it is in and its trailing comment.</summary>
public sealed record ReadmeCommand(string Section, string Text, string Comment);

/// <summary>
/// The commands of a generated README, as a reader copies them: the lines of its indented code blocks (4 spaces), a line
/// ending in `\` joined with the next, the trailing `# comment` kept apart. Blocks that are not commands (an IAM policy,
/// a project file snippet, a line the emulator prints) are returned too: the walk says what it does with each.
/// </summary>
public static partial class ReadmeCommands
{
    public static IReadOnlyList<ReadmeCommand> Read(string readme)
    {
        var commands = new List<ReadmeCommand>();
        var section = "";
        var previousBlank = true;
        var inBlock = false;
        string? pending = null;
        foreach (var line in File.ReadAllLines(readme))
        {
            if (line.StartsWith("<!--#", StringComparison.Ordinal))
            {
                continue; // a template directive (in the template's own README): gone from the generated one
            }
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..];
            }
            var code = line.StartsWith("    ", StringComparison.Ordinal) && (inBlock || previousBlank);
            inBlock = code;
            previousBlank = line.Trim().Length == 0;
            if (!code)
            {
                continue;
            }
            var text = line[4..];
            if (pending is not null)
            {
                text = pending + " " + text.TrimStart();
                pending = null;
            }
            if (text.EndsWith('\\'))
            {
                pending = text[..^1].TrimEnd();
                continue;
            }
            var comment = CommentPattern().Match(text);
            commands.Add(comment.Success
                ? new ReadmeCommand(section, text[..comment.Index].Trim(), comment.Groups["comment"].Value.Trim())
                : new ReadmeCommand(section, text.Trim(), ""));
        }
        return commands.Where(c => c.Text.Length > 0 || c.Comment.Length > 0).ToList();
    }

    /// <summary>A comment after a command: two or more spaces, then `# `.</summary>
    [GeneratedRegex(@"\s{2,}#\s(?<comment>.*)$")]
    private static partial Regex CommentPattern();
}
