using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// Approved-file snapshots with Verify's conventions, so that moving to Verify later is mechanical:
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
