using System.Diagnostics;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Testing;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Security;

/// <summary>
/// One machine, many users (a lab): each user's emulators keep their scratch files in a folder of their own (0700,
/// log files 0600), and the second user's emulator starts as the first one's did.
/// </summary>
public sealed class UserScratchTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_scratch_folder_is_named_for_the_user_and_only_the_user_may_enter_it()
    {
        var root = UserScratch.Root(_temp.Path);

        Assert.Matches(@"lambda-bash-runtime-\d+$", root);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(root));
    }

    [Fact]
    public void A_scratch_folder_left_readable_by_everyone_is_made_private_again()
    {
        var root = UserScratch.Root(_temp.Path);
        File.SetUnixFileMode(root, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        Assert.Equal(root, UserScratch.Root(_temp.Path));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(root));
    }

    [Fact]
    public void A_symlink_in_place_of_the_scratch_folder_is_refused_with_what_to_do()
    {
        var elsewhere = _temp.Sub("elsewhere");
        var probe = UserScratch.Root(_temp.Sub("probe")); // the name this user's folder has
        Directory.CreateSymbolicLink(Path.Combine(_temp.Path, Path.GetFileName(probe)), elsewhere);

        var error = Assert.Throws<IOException>(() => UserScratch.Root(_temp.Path));

        Assert.Contains("is a symbolic link", error.Message);
        Assert.Contains("TMPDIR", error.Message);
    }

    [Fact]
    public async Task Logs_and_private_tmp_folders_are_the_users_alone()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var paths = emulator.Host.Paths;

        var log = paths.NewLogFile();
        var tmp = paths.NewTmpDirectory();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(tmp));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(paths.Scratch));
        Assert.StartsWith(UserScratch.Root(), paths.StateDirectory, StringComparison.Ordinal);
    }

    [SecondUserFact]
    public async Task A_second_user_on_the_machine_starts_an_emulator_while_the_first_ones_runs()
    {
        await using var first = await TestEmulator.StartAsync(); // makes /tmp/lambda-bash-runtime-0, 0700

        // The emulator's build, where user 65534 (nobody) can read it.
        var build = _temp.Sub("emulator");
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(typeof(EmulatorHost).Assembly.Location)!))
        {
            File.Copy(file, Path.Combine(build, Path.GetFileName(file)));
        }
        foreach (var folder in new[] { _temp.Path, build })
        {
            File.SetUnixFileMode(folder, OwnerOnly | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var start = EmulatorProcess.Command(Path.Combine(build, "Lambda.BashRuntime.Emulator.dll"), ["start", "--port", "0", "--no-console"]);
        var setpriv = new ProcessStartInfo("setpriv") { WorkingDirectory = "/" };
        foreach (var argument in new[] { "--reuid", "65534", "--regid", "65534", "--clear-groups", "env", "HOME=/nonexistent", "DOTNET_CLI_HOME=/tmp", start.FileName })
        {
            setpriv.ArgumentList.Add(argument);
        }
        foreach (var argument in start.ArgumentList)
        {
            setpriv.ArgumentList.Add(argument);
        }

        await using var second = await EmulatorProcess.StartAsync(setpriv, TimeSpan.FromSeconds(60));

        Assert.False(second.Process.HasExited, second.StandardError);
        Assert.True(Directory.Exists(Path.Combine(Path.GetTempPath(), UserScratch.NameFor(65534))));
    }
}

/// <summary>A test that starts a process as a second user: needs root (setpriv), as CI has.</summary>
public sealed class SecondUserFactAttribute : FactAttribute
{
    public SecondUserFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "starting a process as a second user (setpriv --reuid) needs root on Linux";
        }
    }
}
