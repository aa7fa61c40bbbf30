using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// Approved-file snapshots with Verify's conventions (and, for generated trees, TemplateVerifier's folder layout), so that moving to Verify later is mechanical:
/// the approved text is `Snapshots/&lt;Class&gt;.&lt;Name&gt;.verified.txt` committed next to the test; on a mismatch
/// the new text is written beside it as `.received.txt` and the test fails with a line diff. Run the tests with
/// VERIFY_ACCEPT=1 to accept every received text as the new approved one.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "VERIFY_ACCEPT";

    public static void Verify(string received, string name, [CallerFilePath] string testFile = "", [CallerMemberName] string member = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var baseName = $"{Path.GetFileNameWithoutExtension(testFile)}.{(string.IsNullOrEmpty(name) ? member : name)}";
        var verifiedPath = Path.Combine(directory, baseName + ".verified.txt");
        var receivedPath = Path.Combine(directory, baseName + ".received.txt");
        received = received.ReplaceLineEndings("\n");

        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }
        Directory.CreateDirectory(directory);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received);
        Assert.Fail(verified is null
            ? $"No approved snapshot {verifiedPath}. Review {receivedPath}, then rename it to .verified.txt or run the tests with {AcceptVariable}=1."
            : $"Snapshot {verifiedPath} differs from what the test produced ({receivedPath}); run with {AcceptVariable}=1 to accept.\n{Diff(verified, received)}");
    }

    /// <summary>
    /// A generated tree against its approved copy, with TemplateVerifier's layout: `Snapshots/&lt;Class&gt;.&lt;Name&gt;.verified/`
    /// mirrors the tree, one verified file per generated file, so each file diffs on its own. On a mismatch the files that
    /// differ or are new are written to `&lt;Class&gt;.&lt;Name&gt;.received/` (same relative paths) and the test fails with
    /// a line diff per file, naming the files that are missing. VERIFY_ACCEPT=1 makes the verified folder the tree as
    /// received: changed and new files written, missing ones removed.
    /// </summary>
    public static void VerifyFolder(
        IReadOnlyDictionary<string, string> files, string name, bool? accept = null, [CallerFilePath] string testFile = "", [CallerMemberName] string member = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var baseName = $"{Path.GetFileNameWithoutExtension(testFile)}.{(string.IsNullOrEmpty(name) ? member : name)}";
        var verifiedRoot = Path.Combine(directory, baseName + ".verified");
        var receivedRoot = Path.Combine(directory, baseName + ".received");
        var received = files.ToDictionary(f => f.Key, f => f.Value.ReplaceLineEndings("\n"), StringComparer.Ordinal);
        var verified = Directory.Exists(verifiedRoot)
            ? Directory.EnumerateFiles(verifiedRoot, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(verifiedRoot, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        var changed = received.Where(f => !verified.TryGetValue(f.Key, out var before) || before != f.Value)
            .Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        var missing = verified.Keys.Except(received.Keys).Order(StringComparer.Ordinal).ToList();
        if (Directory.Exists(receivedRoot))
        {
            Directory.Delete(receivedRoot, recursive: true);
        }
        if (changed.Count == 0 && missing.Count == 0)
        {
            return;
        }
        accept ??= Environment.GetEnvironmentVariable(AcceptVariable) == "1";
        var target = accept.Value ? verifiedRoot : receivedRoot;
        foreach (var path in changed)
        {
            var file = Path.Combine(target, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, received[path]);
        }
        if (accept.Value)
        {
            foreach (var path in missing)
            {
                File.Delete(Path.Combine(verifiedRoot, path));
            }
            foreach (var empty in Directory.EnumerateDirectories(verifiedRoot, "*", SearchOption.AllDirectories)
                         .OrderByDescending(d => d.Length).Where(d => !Directory.EnumerateFileSystemEntries(d).Any()))
            {
                Directory.Delete(empty);
            }
            return;
        }
        var message = new StringBuilder($"Snapshot folder {verifiedRoot} differs from the generated tree; the files that differ are in {receivedRoot}. "
            + $"Review them, then run with {AcceptVariable}=1 to accept.\n");
        foreach (var path in changed)
        {
            message.Append(verified.TryGetValue(path, out var before)
                ? $"===== {path} (changed) =====\n{Diff(before, received[path])}"
                : $"===== {path} (new: not in the verified folder) =====\n");
        }
        foreach (var path in missing)
        {
            message.Append($"===== {path} (missing: verified but not generated) =====\n");
        }
        Assert.Fail(message.ToString());
    }

    /// <summary>A unified-style line diff: "-" approved, "+" received, with two lines of context.</summary>
    public static string Diff(string verified, string received)
    {
        var lines = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false).Lines;
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var near = Enumerable.Range(Math.Max(0, i - 2), Math.Min(lines.Count, i + 3) - Math.Max(0, i - 2))
                .Any(j => lines[j].Type != ChangeType.Unchanged);
            if (!near)
            {
                continue;
            }
            var prefix = lines[i].Type switch { ChangeType.Deleted => "- ", ChangeType.Inserted => "+ ", _ => "  " };
            text.Append(prefix).Append(lines[i].Position is { } p ? $"{p,4}: " : "      ").AppendLine(lines[i].Text);
        }
        return text.ToString();
    }
}
