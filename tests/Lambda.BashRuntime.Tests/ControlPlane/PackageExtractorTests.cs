using System.Runtime.Versioning;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>Uploaded zips are untrusted: what the extractor keeps (modes, safe links) and what it refuses.</summary>
[SupportedOSPlatform("linux")]
public sealed class PackageExtractorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Root => Path.Combine(_folder.Path, "root");

    [Fact]
    public void A_zip_of_more_than_65535_entries_is_refused_before_its_entries_are_read()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 70_000; i++)
            {
                archive.CreateEntry($"f/{i}");
            }
        }

        var refused = Assert.Throws<PackageException>(() => PackageExtractor.Measure(new MemoryStream(zip.ToArray())));

        Assert.Equal("The zip holds 70000 entries; the local emulator accepts at most 65535. Zip only the files the function needs (or move tools into a layer).", refused.Message);
        Assert.Throws<PackageException>(() => PackageExtractor.Extract(new MemoryStream(zip.ToArray()), Root, PackageLimits.MaxUnpackedBytes));
        Assert.False(Directory.Exists(Root) && Directory.EnumerateFileSystemEntries(Root).Any());
    }

    [Fact]
    public void Keeps_unix_modes_and_gives_mode_less_entries_0644()
    {
        var zip = TestZips.Create(
            TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable),
            TestZips.File("function.sh", "handler() { :; }\n", TestZips.ReadWrite),
            TestZips.File("lib/data.txt", "x", mode: 0));

        var unpacked = PackageExtractor.Extract(new MemoryStream(zip), Root, PackageLimits.MaxUnpackedBytes);

        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(Root, "bootstrap")));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(Path.Combine(Root, "function.sh")));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(Path.Combine(Root, "lib", "data.txt")));
        Assert.Equal("#!/bin/bash\n".Length + "handler() { :; }\n".Length + 1, unpacked);
    }

    [Fact]
    public void A_bootstrap_zipped_without_its_run_bit_stays_without_it()
    {
        var zip = TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.ReadWrite));

        PackageExtractor.Extract(new MemoryStream(zip), Root);

        Assert.False(File.GetUnixFileMode(Path.Combine(Root, "bootstrap")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void Ignores_modes_of_entries_made_on_windows_as_linux_unzippers_do()
    {
        var zip = TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable), TestZips.Link("link", "bootstrap"));
        Assert.Equal([true, true], ZipHosts.UnixModes(new MemoryStream(zip))!);

        PackageExtractor.Extract(new MemoryStream(TestZips.MadeOnWindows(zip)), Root);

        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(Path.Combine(Root, "bootstrap")));
        Assert.Null(new FileInfo(Path.Combine(Root, "link")).LinkTarget); // a plain file holding the target's name
        Assert.Equal("bootstrap", File.ReadAllText(Path.Combine(Root, "link")));
    }

    [Theory]
    [InlineData("../evil.sh", "contains '..'")]
    [InlineData("lib/../../evil.sh", "contains '..'")]
    [InlineData("/etc/evil.sh", "absolute path")]
    [InlineData("C:/evil.sh", "absolute path")]
    public void Refuses_entries_that_leave_the_root(string name, string expected)
    {
        var zip = TestZips.Create(TestZips.File("ok.txt", "fine"), TestZips.File(name, "pwned"));

        var error = Assert.Throws<PackageException>(() => PackageExtractor.Extract(new MemoryStream(zip), Root));

        Assert.Contains(expected, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Path, "evil.sh", SearchOption.AllDirectories));
        Assert.False(File.Exists("/etc/evil.sh"));
    }

    [Theory]
    [InlineData("/etc", "absolute path")]
    [InlineData("../outside", "resolves outside")]
    [InlineData("lib/../../outside", "resolves outside")]
    public void Refuses_symbolic_links_that_point_outside(string target, string expected)
    {
        var zip = TestZips.Create(TestZips.File("lib/x", "x"), TestZips.Link("escape", target));

        var error = Assert.Throws<PackageException>(() => PackageExtractor.Extract(new MemoryStream(zip), Root));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Refuses_a_chain_of_links_that_escapes_although_each_looks_harmless()
    {
        // "here" -> "." is inside; "escape" -> "here/../x" reads as "x", but the kernel resolves it to ../x.
        var zip = TestZips.Create(TestZips.Link("here", "."), TestZips.Link("escape", "here/../x"));

        var error = Assert.Throws<PackageException>(() => PackageExtractor.Extract(new MemoryStream(zip), Root));

        Assert.Contains("'escape' resolves outside", error.Message);
    }

    [Fact]
    public void Refuses_a_later_layer_that_makes_an_earlier_link_escape()
    {
        PackageExtractor.Extract(new MemoryStream(TestZips.Create(TestZips.Link("escape", "here/../x"))), Root);

        var second = TestZips.Create(TestZips.Link("here", "."));

        Assert.Throws<PackageException>(() => PackageExtractor.Extract(new MemoryStream(second), Root));
    }

    [Fact]
    public void Keeps_symbolic_links_inside_the_root_and_writes_through_them_only_inside()
    {
        var zip = TestZips.Create(TestZips.File("lib/v1/tool", "v1"), TestZips.Link("lib/current", "v1"));
        PackageExtractor.Extract(new MemoryStream(zip), Root);
        Assert.Equal("v1", new FileInfo(Path.Combine(Root, "lib", "current")).LinkTarget);
        Assert.Equal("v1", File.ReadAllText(Path.Combine(Root, "lib", "current", "tool")));

        // A later layer writing under the link lands inside the root, where the link points.
        PackageExtractor.Extract(new MemoryStream(TestZips.Create(TestZips.File("lib/current/extra", "e"))), Root);
        Assert.Equal("e", File.ReadAllText(Path.Combine(Root, "lib", "v1", "extra")));
    }

    [Fact]
    public void Later_packages_overwrite_earlier_files()
    {
        PackageExtractor.Extract(new MemoryStream(TestZips.Create(TestZips.File("bootstrap", "one", TestZips.Executable))), Root);
        PackageExtractor.Extract(new MemoryStream(TestZips.Create(TestZips.File("bootstrap", "two", TestZips.ReadWrite))), Root);

        Assert.Equal("two", File.ReadAllText(Path.Combine(Root, "bootstrap")));
        Assert.False(File.GetUnixFileMode(Path.Combine(Root, "bootstrap")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void Refuses_entries_that_clash_on_disk()
    {
        var zip = TestZips.Create(TestZips.File("lib", "a file"), TestZips.File("lib/tool", "under the file"));

        var error = Assert.Throws<PackageException>(() => PackageExtractor.Extract(new MemoryStream(zip), Root));

        Assert.Contains("Could not unpack the zip", error.Message);
    }

    [Fact]
    public void Refuses_special_files()
    {
        var fifo = new TestZips.Entry("pipe", [], 0b0_001_000_110_100_100);

        var error = Assert.Throws<PackageException>(() => PackageExtractor.Extract(new MemoryStream(TestZips.Create(fifo)), Root));

        Assert.Contains("special file", error.Message);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public void Refuses_corrupt_zips_as_aws_does(string kind)
    {
        var good = TestZips.Create(TestZips.File("bootstrap", new string('x', 5000), TestZips.Executable));
        var zip = kind == "garbage" ? "this is not a zip"u8.ToArray() : good[..(good.Length / 2)];

        var error = Assert.Throws<PackageException>(() => PackageExtractor.Extract(new MemoryStream(zip), Root));

        Assert.Equal("Could not unzip uploaded file. Please check your file, then try to upload again.", error.Message);
    }

    [Fact]
    public void Refuses_packages_larger_than_the_limit_before_writing_them()
    {
        var zip = TestZips.Create(TestZips.File("a", new byte[600]), TestZips.File("b", new byte[600]));

        var error = Assert.Throws<PackageException>(() => PackageExtractor.Extract(new MemoryStream(zip), Root, maxUnpackedBytes: 1000));

        Assert.Contains("Unzipped size must be smaller than 1000 bytes", error.Message);
        Assert.False(File.Exists(Path.Combine(Root, "b")));
        Assert.Equal(1200, PackageExtractor.Measure(new MemoryStream(zip)));
    }

    public void Dispose() => _folder.Dispose();
}
