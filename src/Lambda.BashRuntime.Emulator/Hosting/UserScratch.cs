using System.Globalization;
using System.Runtime.InteropServices;

namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// The folder of this user's emulators under the system's temporary folder: <c>lambda-bash-runtime-UID</c> (on
/// Windows, whose temporary folder is the user's own, <c>lambda-bash-runtime</c>), mode 0700, so on a machine shared
/// by many users (a lab) each has their own, none can read another's function code, logs or /tmp, and the second
/// user's emulator starts as the first one's did. The unpacked code and the temporary state folders live below it.
/// A folder of that name that is a symlink, or that belongs to another user, is refused with what to do.
/// </summary>
public static class UserScratch
{
    public const string Prefix = "lambda-bash-runtime";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates (or checks) the folder and returns its full path.</summary>
    public static string Root(string? temporaryFolder = null)
    {
        var parent = temporaryFolder ?? Path.GetTempPath();
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(Path.Combine(parent, Prefix)).FullName;
        }
        var path = Path.GetFullPath(Path.Combine(parent, NameFor(EffectiveUserId())));
        try
        {
            Directory.CreateDirectory(path, OwnerOnly); // no-op when it exists: checked below
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new IOException($"'{path}' is a file, not the emulator's folder: remove it, or set TMPDIR to a folder of your own.", e);
        }
        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null)
        {
            throw new IOException($"'{path}' is a symbolic link (to '{info.LinkTarget}'), which the emulator does not follow "
                + "for its scratch folder: remove it, or set TMPDIR to a folder of your own.");
        }
        try
        {
            File.SetUnixFileMode(path, OwnerOnly); // only the owner (or root) may: also the ownership check
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"'{path}' belongs to another user, so this emulator cannot keep its "
                + "files private there: remove it (it is not yours), or set TMPDIR to a folder of your own.", e);
        }
        return path;
    }

    /// <summary>The folder's name for a user id (the effective one of this process: <see cref="Root"/>).</summary>
    public static string NameFor(uint userId) => Prefix + "-" + userId.ToString(CultureInfo.InvariantCulture);

    private static uint EffectiveUserId() => geteuid();

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code; a call without arguments marshals nothing
    [DllImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();
#pragma warning restore SYSLIB1054
}
