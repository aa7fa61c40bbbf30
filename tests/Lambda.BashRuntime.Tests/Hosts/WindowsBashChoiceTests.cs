using Lambda.BashRuntime.Emulator;

namespace Lambda.BashRuntime.Tests.Hosts;

/// <summary>
/// The Windows order of BashLocator, run on Linux against a fake Windows (registry, known folders, PATH, files):
/// Git for Windows from the registry (HKLM, then HKCU), its default folders, MSYS2, then PATH, never WSL's launcher,
/// the first that answers as a Windows bash wins and is the only one asked.
/// </summary>
public sealed class WindowsBashChoiceTests
{
    private const string Msys = "5 2 37 msys";

    /// <summary>A Windows machine: files with the answer each gives to the probe, registry values, variables; it counts probes.</summary>
    private sealed class FakeWindows(Dictionary<string, string?> files, Dictionary<string, string>? variables = null,
        string? machineGit = null, string? userGit = null) : IBashHost
    {
        public List<string> Asked { get; } = [];
        public bool IsMacOS => false;
        public bool IsWindows => true;
        public string? Variable(string name) => variables is not null && variables.TryGetValue(name, out var value) ? value : null;
        public bool FileExists(string path) => files.ContainsKey(path);

        public string? AskVersion(string path)
        {
            Asked.Add(path);
            return files[path];
        }

        public string? RegistryValue(bool machine, string key, string name)
            => key == BashLocator.GitForWindowsKey && name == "InstallPath" ? machine ? machineGit : userGit : null;
    }

    private static readonly Dictionary<string, string> Usual = new()
    {
        ["ProgramFiles"] = @"C:\Program Files",
        ["LOCALAPPDATA"] = @"C:\Users\me\AppData\Local",
        ["PATH"] = @"C:\Windows\system32;C:\Windows;C:\Users\me\AppData\Local\Microsoft\WindowsApps;C:\tools\bin",
    };

    [Fact]
    public void The_order_is_registry_HKLM_then_HKCU_Program_Files_Local_AppData_MSYS2_then_PATH_without_WSLs_launcher()
    {
        var host = new FakeWindows([], Usual, machineGit: @"D:\Git", userGit: @"C:\Users\me\Git\");

        Assert.Equal(
        [
            @"D:\Git\usr\bin\bash.exe",
            @"C:\Users\me\Git\usr\bin\bash.exe",
            @"C:\Program Files\Git\usr\bin\bash.exe",
            @"C:\Users\me\AppData\Local\Programs\Git\usr\bin\bash.exe",
            @"C:\msys64\usr\bin\bash.exe",
            @"C:\Windows\bash.exe",
            @"C:\tools\bin\bash.exe",
        ], BashLocator.WindowsCandidates(host));
    }

    [Fact]
    public void The_registrys_Git_wins_over_the_default_folder_and_is_the_only_bash_asked()
    {
        var files = new Dictionary<string, string?>
        {
            [@"D:\Git\usr\bin\bash.exe"] = Msys,
            [@"C:\Program Files\Git\usr\bin\bash.exe"] = "5 2 26 msys",
            [@"C:\Windows\System32\bash.exe"] = "5 1 16 linux-gnu",
        };
        var host = new FakeWindows(files, Usual, machineGit: @"D:\Git");

        var found = BashLocator.Locate(null, "--bash", host);

        Assert.Equal(@"D:\Git\usr\bin\bash.exe", found.Path);
        Assert.Equal("msys", found.OsType);
        Assert.Equal([@"D:\Git\usr\bin\bash.exe"], host.Asked); // probed once
        Assert.Equal(@"Bash: D:\Git\usr\bin\bash.exe 5.2.37 (the first found; LAMBDA_BASH picks another).", found.Describe("provided.al2023"));
    }

    [Fact]
    public void Without_Git_MSYS2_is_used_and_a_bash_exe_on_PATH_comes_last()
    {
        var files = new Dictionary<string, string?> { [@"C:\msys64\usr\bin\bash.exe"] = Msys, [@"C:\tools\bin\bash.exe"] = "5 2 37 cygwin" };

        Assert.Equal(@"C:\msys64\usr\bin\bash.exe", BashLocator.Locate(null, "--bash", new FakeWindows(files, Usual)).Path);
        files.Remove(@"C:\msys64\usr\bin\bash.exe");
        var cygwin = BashLocator.Locate(null, "--bash", new FakeWindows(files, Usual));
        Assert.Equal(@"C:\tools\bin\bash.exe", cygwin.Path);
        Assert.True(cygwin.IsCygwin);
    }

    [Fact]
    public void WSLs_bash_exe_is_never_used_from_PATH_and_a_Linux_bash_is_passed_over()
    {
        var files = new Dictionary<string, string?>
        {
            [@"C:\Windows\system32\bash.exe"] = "5 1 16 linux-gnu",
            [@"C:\Users\me\AppData\Local\Microsoft\WindowsApps\bash.exe"] = "5 1 16 linux-gnu",
            [@"C:\tools\bin\bash.exe"] = "5 1 16 linux-gnu", // a copy of a Linux bash: it would run in WSL
        };
        var host = new FakeWindows(files, Usual);

        var refused = Assert.Throws<BashNotFoundException>(() => BashLocator.Locate(null, "--bash", host));

        Assert.Equal([@"C:\tools\bin\bash.exe"], host.Asked);
        Assert.Contains(@"WSL's System32\bash.exe is never used", refused.Message);
        Assert.Contains(@"Passed over: C:\tools\bin\bash.exe which is a bash for linux-gnu, not for Windows", refused.Message);
        Assert.EndsWith("Install Git for Windows (https://gitforwindows.org), which brings Git Bash, or set LAMBDA_BASH to a bash.exe"
            + " (MSYS2, Cygwin); or run `dotnet run` inside WSL, where everything works as on Linux.", refused.Message);
    }

    [Fact]
    public void No_bash_at_all_names_every_place_looked_at_and_what_to_install()
    {
        var refused = Assert.Throws<BashNotFoundException>(() => BashLocator.Locate(null, "--bash", new FakeWindows([], Usual)));

        Assert.StartsWith(@"No bash for Windows was found (looked at C:\Program Files\Git\usr\bin\bash.exe, "
            + @"C:\Users\me\AppData\Local\Programs\Git\usr\bin\bash.exe, C:\msys64\usr\bin\bash.exe, C:\Windows\bash.exe, C:\tools\bin\bash.exe; ",
            refused.Message);
        Assert.Contains("Install Git for Windows", refused.Message);
    }

    [Theory]
    [InlineData(@"C:\Windows\System32\bash.exe", "which is WSL's launcher")]
    [InlineData(@"C:\Users\me\AppData\Local\Microsoft\WindowsApps\bash.exe", "which is WSL's launcher")]
    [InlineData(@"C:\linux\bash", "which is a bash for linux-gnu, not for Windows")]
    public void An_override_naming_WSLs_launcher_or_a_Linux_bash_is_refused_with_the_way_out(string configured, string why)
    {
        var files = new Dictionary<string, string?> { [configured] = "5 1 16 linux-gnu", [@"C:\Program Files\Git\usr\bin\bash.exe"] = Msys };
        var host = new FakeWindows(files, new(Usual) { ["LAMBDA_BASH"] = configured });

        var fromVariable = Assert.Throws<BashNotFoundException>(() => BashLocator.Locate(null, "--bash", host));
        var fromOption = Assert.Throws<BashNotFoundException>(() => BashLocator.Locate(configured, "LambdaBash", host));

        Assert.StartsWith($"LAMBDA_BASH is '{configured}', {why}", fromVariable.Message);
        Assert.StartsWith($"LambdaBash is '{configured}', {why}", fromOption.Message);
    }

    [Fact]
    public void An_override_naming_Git_Bash_is_used_as_given()
    {
        var files = new Dictionary<string, string?> { [@"E:\PortableGit\usr\bin\bash.exe"] = "4 4 23 msys", [@"C:\msys64\usr\bin\bash.exe"] = Msys };
        var host = new FakeWindows(files, new(Usual) { ["LAMBDA_BASH"] = @"E:\PortableGit\usr\bin\bash.exe" });

        var found = BashLocator.Locate(null, "--bash", host);

        Assert.Equal((@"E:\PortableGit\usr\bin\bash.exe", "4.4.23", "LAMBDA_BASH"), (found.Path, found.Version, found.Source));
        Assert.Equal([@"E:\PortableGit\usr\bin\bash.exe"], host.Asked);
    }
}
