using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// The folder snapshots the template tests use (Snapshot.VerifyFolder), on a made-up tree in a temporary folder: a match
/// leaves nothing behind, a mismatch writes only the differing and new files to `.received/` and names each file with
/// its own diff, and accepting makes the verified folder the received tree.
/// </summary>
public sealed class SnapshotFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    /// <summary>Where VerifyFolder looks: Snapshots/ beside the (pretend) test file.</summary>
    private string TestFile => Path.Combine(_folder.Path, "FolderTests.cs");

    private string Verified => Path.Combine(_folder.Path, "Snapshots", "FolderTests.Case.verified");

    private string Received => Path.Combine(_folder.Path, "Snapshots", "FolderTests.Case.received");

    private static readonly Dictionary<string, string> Tree = new()
    {
        ["README.md"] = "# Title\n\nline 1\nline 2\n",
        ["events/hello.json"] = "{\"text\":\"Hello\"}\n",
        [".gitignore"] = "bin/\n",
    };

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Accepting_writes_one_verified_file_per_file_and_a_match_then_passes()
    {
        Snapshot.VerifyFolder(Tree, "Case", accept: true, testFile: TestFile);

        Assert.Equal(Tree.Keys.Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(Verified, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Verified, f)).Order(StringComparer.Ordinal));
        Assert.Equal(Tree["events/hello.json"], File.ReadAllText(Path.Combine(Verified, "events", "hello.json")));
        Snapshot.VerifyFolder(Tree, "Case", accept: false, testFile: TestFile);
        Assert.False(Directory.Exists(Received));
    }

    [Fact]
    public void Mismatch_writes_the_differing_files_and_names_each_with_its_diff()
    {
        Snapshot.VerifyFolder(Tree, "Case", accept: true, testFile: TestFile);
        var changed = new Dictionary<string, string>(Tree)
        {
            ["README.md"] = "# Title\n\nline 1\nline two\n",
            ["events/echo.json"] = "{}\n",
        };
        changed.Remove(".gitignore");

        var failure = Assert.ThrowsAny<Exception>(() => Snapshot.VerifyFolder(changed, "Case", accept: false, testFile: TestFile));

        Assert.Equal(["README.md", "events/echo.json"],
            Directory.EnumerateFiles(Received, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Received, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.Contains("===== README.md (changed) =====", failure.Message);
        Assert.Matches(@"(?m)^- +line 2\r?$", failure.Message);
        Assert.Matches(@"(?m)^\+ +4: line two\r?$", failure.Message);
        Assert.Contains("===== events/echo.json (new: not in the verified folder) =====", failure.Message);
        Assert.Contains("===== .gitignore (missing: verified but not generated) =====", failure.Message);
        Assert.Contains(Snapshot.AcceptVariable, failure.Message);
        Assert.Equal(Tree["README.md"], File.ReadAllText(Path.Combine(Verified, "README.md"))); // untouched until accepted

        Snapshot.VerifyFolder(changed, "Case", accept: true, testFile: TestFile);

        Assert.False(Directory.Exists(Received));
        Assert.False(File.Exists(Path.Combine(Verified, ".gitignore")));
        Assert.Equal(changed["README.md"], File.ReadAllText(Path.Combine(Verified, "README.md")));
        Snapshot.VerifyFolder(changed, "Case", accept: false, testFile: TestFile);
    }
}
