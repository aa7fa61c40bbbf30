using System.Text;
using Lambda.BashRuntime.Sdk;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Sdk;

public sealed class LambdaZipWriterTests
{
    private static LambdaZipEntry Entry(string name, string text, bool executable)
        => new(name, Encoding.UTF8.GetBytes(text), executable);

    [Fact]
    public void Scripts_are_0755_and_other_files_0644_marked_as_made_on_unix()
    {
        var zip = LambdaZipWriter.Write([Entry("bootstrap", "#!/bin/bash\n", true), Entry("data.json", "{}", false)]);

        var entries = ZipCentralDirectory.Read(zip);
        Assert.All(entries, e => Assert.Equal(3, e.HostSystem));
        Assert.Equal(Convert.ToInt32("100755", 8), entries.Single(e => e.Name == "bootstrap").UnixMode);
        Assert.Equal(Convert.ToInt32("100644", 8), entries.Single(e => e.Name == "data.json").UnixMode);
    }

    [Fact]
    public void Same_files_in_any_order_give_the_same_bytes()
    {
        var first = LambdaZipWriter.Write([Entry("function.sh", "a", true), Entry("bootstrap", "b", true)]);
        var second = LambdaZipWriter.Write([Entry("bootstrap", "b", true), Entry("function.sh", "a", true)]);

        Assert.Equal(first, second);
        Assert.Equal(["bootstrap", "function.sh"], ZipCentralDirectory.Read(first).Select(e => e.Name));
        Assert.All(ZipCentralDirectory.Read(first), e => Assert.Equal(new DateTime(1980, 1, 1), e.LastWrite));
    }

    [Fact]
    public void Content_round_trips_byte_for_byte()
    {
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

        var zip = LambdaZipWriter.Write([new LambdaZipEntry("blob.bin", content, false)]);

        Assert.Equal(content, ZipCentralDirectory.Read(zip).Single().Content);
    }
}

public sealed class ScriptFileTests
{
    [Fact]
    public void Crlf_becomes_lf_and_a_byte_order_mark_is_dropped()
    {
        var normalized = ScriptFile.Normalize([0xEF, 0xBB, 0xBF, .. "#!/bin/bash\r\necho a\r\nb\rc\n"u8.ToArray()]);

        Assert.Equal("#!/bin/bash\necho a\nb\rc\n", Encoding.UTF8.GetString(normalized));
    }

    [Theory]
    [InlineData("#!/bin/bash\n", true)]
    [InlineData("#!/usr/bin/env bash\n", true)]
    [InlineData("#!/usr/bin/bash -e\n", true)]
    [InlineData("#!/bin/sh\n", false)]
    [InlineData("#!/usr/bin/env sh\n", false)]
    public void Bash_shebangs_are_recognised(string text, bool isBash)
    {
        var shebang = ScriptFile.Shebang(Encoding.UTF8.GetBytes(text));

        Assert.NotNull(shebang);
        Assert.Equal(isBash, ScriptFile.IsBash(shebang));
    }

    [Fact]
    public void A_file_without_a_shebang_has_none()
        => Assert.Null(ScriptFile.Shebang("echo hi\n"u8.ToArray()));
}
