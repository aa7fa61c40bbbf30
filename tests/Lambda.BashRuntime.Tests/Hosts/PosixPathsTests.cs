using Lambda.BashRuntime.Emulator.Processes;

namespace Lambda.BashRuntime.Tests.Hosts;

/// <summary>Windows paths as Git Bash (and Cygwin) reads them: drive letters, spaces, UNC, lists that hold `C:`.</summary>
public sealed class PosixPathsTests
{
    [Theory]
    [InlineData(@"C:\a b\c", "/c/a b/c")]
    [InlineData(@"D:\Users\me\My Function\bootstrap", "/d/Users/me/My Function/bootstrap")]
    [InlineData(@"c:/mixed\seps//twice\", "/c/mixed/seps/twice")]
    [InlineData(@"C:\", "/c")]
    [InlineData(@"E:", "/e")]
    [InlineData(@"\\server\share\a b\bootstrap", "//server/share/a b/bootstrap")]
    [InlineData(@"\\?\C:\very\long", "/c/very/long")]
    [InlineData(@"\\?\UNC\server\share\x", "//server/share/x")]
    [InlineData("/usr/bin", "/usr/bin")] // already POSIX
    [InlineData("relative\\path", "relative\\path")] // not absolute: left alone
    [InlineData("", "")]
    public void A_path_becomes_the_one_Git_Bash_opens(string windows, string posix)
    {
        Assert.Equal(posix, PosixPaths.Msys.Path(windows));
    }

    [Fact]
    public void Cygwin_names_drives_under_cygdrive()
    {
        Assert.Equal("/cygdrive/c/a b/c", PosixPaths.Cygwin.Path(@"C:\a b\c"));
        Assert.Equal("//server/share", PosixPaths.Cygwin.Path(@"\\server\share"));
    }

    [Fact]
    public void A_PATH_with_a_drive_letter_after_a_colon_is_not_split_at_it()
    {
        // What RuntimeEnvironmentVariables writes on Windows: Lambda's folders, then the layers' bin under C:\.
        var path = @"/usr/local/bin:/usr/bin/:/bin:C:\Users\me\AppData\Local\Temp\lambda x\opt/bin";

        Assert.Equal("/usr/local/bin:/usr/bin/:/bin:/c/Users/me/AppData/Local/Temp/lambda x/opt/bin", PosixPaths.Msys.List(path));
    }

    [Fact]
    public void LD_LIBRARY_PATH_of_several_Windows_folders_and_a_Windows_list_with_semicolons_convert_entry_by_entry()
    {
        Assert.Equal("/lib64:/c/task:/c/task/lib:/d/opt/lib",
            PosixPaths.Msys.List(@"/lib64:C:\task:C:\task/lib:D:\opt/lib"));
        Assert.Equal("/c/Program Files/Git/usr/bin:/c/tools", PosixPaths.Msys.List(@"C:\Program Files\Git\usr\bin;C:\tools"));
        Assert.Equal("//server/share/bin:/usr/bin", PosixPaths.Msys.List(@"\\server\share\bin:/usr/bin"));
    }

    [Theory]
    [InlineData(@"C:\x", true)]
    [InlineData("C:/x", true)]
    [InlineData(@"\\server\share", true)]
    [InlineData("/usr/bin", false)]
    [InlineData("-c", false)]
    [InlineData("C:relative", false)]
    [InlineData("runtime", false)]
    public void Only_absolute_Windows_paths_are_taken_for_paths(string argument, bool windows)
    {
        Assert.Equal(windows, PosixPaths.IsWindowsAbsolute(argument));
    }
}
