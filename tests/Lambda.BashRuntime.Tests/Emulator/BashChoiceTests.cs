using Lambda.BashRuntime.Emulator;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// Which bash runs the function (BashLocator, shared by the SDK's `bash -n` check and the emulator): the order it
/// looks in on each OS, what it refuses, and, with the old bashes eng/test.sh builds, that the chosen one is the one
/// that runs: bash 4.2 fails a bash 5 feature at invoke, bash 3.2 fails a bash 4 syntax at build, as Lambda's
/// provided.al2 and a Mac's /bin/bash would.
/// </summary>
public sealed class BashChoiceTests
{
    /// <summary>A machine of files with the BASH_VERSINFO each answers ("" not bash, null not runnable).</summary>
    private sealed class FakeHost(bool macOS, Dictionary<string, string?> files, Dictionary<string, string>? variables = null) : IBashHost
    {
        public bool IsMacOS => macOS;
        public bool IsWindows => false;
        public string? Variable(string name) => variables is not null && variables.TryGetValue(name, out var value) ? value : null;
        public bool FileExists(string path) => files.ContainsKey(path);
        public string? AskVersion(string path) => files[path];
        public string? RegistryValue(bool machine, string key, string name) => null;
    }

    [Fact]
    public void On_macOS_Homebrews_bash_is_chosen_over_the_systems_3_2()
    {
        var files = new Dictionary<string, string?> { ["/bin/bash"] = "3 2 57", ["/opt/homebrew/bin/bash"] = "5 2 37" };

        var found = BashLocator.Locate(null, "--bash", new FakeHost(macOS: true, files));

        Assert.Equal("/opt/homebrew/bin/bash", found.Path);
        Assert.Equal("5.2.37", found.Version);
        Assert.Contains("the newest found", found.Source);
    }

    [Fact]
    public void On_a_Mac_with_only_bin_bash_it_is_3_2_and_the_start_up_line_says_what_Lambda_runs()
    {
        var found = BashLocator.Locate(null, "--bash", new FakeHost(macOS: true, new() { ["/bin/bash"] = "3 2 57" }));

        Assert.Equal("/bin/bash", found.Path);
        Assert.Equal(
            "Bash: /bin/bash 3.2.57 (the newest found; LAMBDA_BASH picks another). Lambda's provided.al2023 runs bash 5.2: "
            + "what works here may not work there; set LAMBDA_BASH to a bash 5 to test against it.",
            found.Describe("provided.al2023"));
        Assert.Contains("provided.al2 runs bash 4.2", found.Describe("provided.al2"));
    }

    [Fact]
    public void The_newest_of_the_usual_places_and_PATH_wins_and_a_bash_older_than_3_2_is_passed_over()
    {
        var files = new Dictionary<string, string?>
        {
            ["/bin/bash"] = "5 1 4",
            ["/usr/local/bin/bash"] = "3 1 17", // too old: not a candidate
            ["/home/me/bin/bash"] = "5 2 21",
            ["/opt/tools/bash"] = "", // not bash
        };
        var host = new FakeHost(macOS: false, files, new() { ["PATH"] = "/opt/tools:/home/me/bin/:relative/bin" });

        var found = BashLocator.Locate(null, "--bash", host);

        Assert.Equal("/home/me/bin/bash", found.Path);
        Assert.Equal("Bash: /home/me/bin/bash 5.2.21 (the newest found; LAMBDA_BASH picks another).", found.Describe("provided.al2023"));
    }

    [Fact]
    public void An_option_beats_LAMBDA_BASH_which_beats_the_search()
    {
        var files = new Dictionary<string, string?> { ["/bin/bash"] = "5 2 15", ["/old/4.2"] = "4 2 45", ["/old/3.2"] = "3 2 48" };
        var host = new FakeHost(macOS: false, files, new() { ["LAMBDA_BASH"] = "/old/4.2" });

        Assert.Equal("/old/3.2", BashLocator.Locate("/old/3.2", "--bash", host).Path);
        var fromVariable = BashLocator.Locate(null, "--bash", host);
        Assert.Equal("/old/4.2", fromVariable.Path);
        Assert.Equal("LAMBDA_BASH", fromVariable.Source);
        Assert.Equal("Bash: /old/4.2 4.2.45 (LAMBDA_BASH).", fromVariable.Describe("provided.al2")); // the same major: no warning
    }

    [Theory]
    [InlineData("/missing/bash", "--bash is '/missing/bash', which does not exist.")]
    [InlineData("/bin/sh", "--bash is '/bin/sh', which is not bash (it has no BASH_VERSINFO).")]
    [InlineData("/old/bash", "--bash is '/old/bash', which is bash 3.1.17: the runtime's scripts need bash 3.2 or newer.")]
    [InlineData("/data/bash", "--bash is '/data/bash', which could not be run (is it executable?).")]
    public void A_configured_file_that_cannot_serve_is_refused_never_replaced(string configured, string message)
    {
        var files = new Dictionary<string, string?> { ["/bin/bash"] = "5 2 15", ["/bin/sh"] = "", ["/old/bash"] = "3 1 17", ["/data/bash"] = null };

        var refused = Assert.Throws<BashNotFoundException>(() => BashLocator.Locate(configured, "--bash", new FakeHost(false, files)));

        Assert.StartsWith(message, refused.Message);
        Assert.EndsWith("Point --bash at a bash 3.2 or newer, or leave it empty to use the newest bash found.", refused.Message);
    }

    [Fact]
    public void No_bash_at_all_names_the_places_looked_at()
    {
        var refused = Assert.Throws<BashNotFoundException>(() => BashLocator.Locate(null, "--bash", new FakeHost(false, [], new() { ["PATH"] = "/usr/bin:/bin" })));

        Assert.Equal("No bash 3.2 or newer was found (looked at /bin/bash, /usr/bin/bash, /usr/local/bin/bash). "
            + "Install bash, or set LAMBDA_BASH to the path of one.", refused.Message);
    }

    [Fact]
    public void The_real_probe_tells_bash_from_sh()
    {
        Assert.Matches(@"^5 \d+ \d+ linux-gnu\n$", SystemBashHost.Instance.AskVersion("/bin/bash"));
        Assert.Equal("", SystemBashHost.Instance.AskVersion("/bin/sh")); // dash on Debian
        Assert.Null(SystemBashHost.Instance.AskVersion("/etc/hostname")); // not executable
    }

    [Fact]
    public async Task The_emulator_refuses_to_start_with_a_bash_that_is_not_one()
    {
        var refused = await Assert.ThrowsAsync<BashNotFoundException>(() => TestEmulator.StartAsync(configure: o => o.Bash = "/bin/sh"));

        Assert.StartsWith("--bash is '/bin/sh', which is not bash", refused.Message);
    }

    [OldBashFact("3.2.48")]
    public async Task The_chosen_bash_runs_the_bootstrap_and_the_handler_sandboxed_or_not()
    {
        using var folder = new FunctionFolder(true, ("version.sh", "handler() { printf '%s' \"$BASH_VERSION\"; }\n"));
        await using var emulator = await TestEmulator.StartAsync(configure: o => o.Bash = TestBash.Old("3.2.48").Path);
        emulator.Host.AddFunction("version", folder.Code, handler: "version.handler");

        using var response = await emulator.InvokeAsync("version", Utf8("{}"));

        Assert.Null(Header(response, "X-Amz-Function-Error"));
        Assert.StartsWith("3.2.48(", await response.Content.ReadAsStringAsync()); // bound in at /run/lambda-bash/bash in bwrap
    }

    [OldBashFact("4.2.45")]
    public async Task A_bash_5_feature_fails_at_invoke_under_bash_4_2_as_on_provided_al2()
    {
        // mapfile -d is bash 4.4: on Lambda's provided.al2 (bash 4.2.46) this handler fails.
        const string modern = "handler() {\n  local -a parts\n  mapfile -d , -t parts <<<\"a,b\"\n  printf '%s' \"${#parts[@]}\"\n}\n";
        using var folder = new FunctionFolder(true, ("modern.sh", modern));
        await using var old = await TestEmulator.StartAsync(configure: o => o.Bash = TestBash.Old("4.2.45").Path);
        await using var current = await TestEmulator.StartAsync(configure: o => o.Bash = "/bin/bash");
        old.Host.AddFunction("modern", folder.Code, handler: "modern.handler");
        current.Host.AddFunction("modern", folder.Code, handler: "modern.handler");

        using var onOld = await old.InvokeAsync("modern", Utf8("{}"), logType: "Tail");
        using var onCurrent = await current.InvokeAsync("modern", Utf8("{}"));

        Assert.Equal("Unhandled", Header(onOld, "X-Amz-Function-Error"));
        var log = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Header(onOld, "X-Amz-Log-Result")!));
        Assert.Contains("mapfile: -d: invalid option", log);
        Assert.Null(Header(onCurrent, "X-Amz-Function-Error"));
        Assert.Equal("2", await onCurrent.Content.ReadAsStringAsync());
    }
}
