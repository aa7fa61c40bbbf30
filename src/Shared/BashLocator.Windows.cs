// Linked into the SDK's tasks (netstandard2.0) and the emulator (net10.0) beside BashLocator.cs: where a bash is
// looked for on Windows, and the registry read it needs (P/Invoke, so netstandard2.0 needs no package for it).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

#if LAMBDA_BASHRUNTIME_SDK
namespace Lambda.BashRuntime.Sdk;
#else
namespace Lambda.BashRuntime.Emulator;
#endif

public static partial class BashLocator
{
    /// <summary>Where Git for Windows' installer writes its folder, under HKLM (all users) or HKCU (one user).</summary>
    public const string GitForWindowsKey = @"SOFTWARE\GitForWindows";

    /// <summary>
    /// Windows, in order (the first that exists and answers wins, so one probe in the usual case): Git for Windows
    /// (registry InstallPath under HKLM, then HKCU, then its default folders), MSYS2, then PATH. System32\bash.exe and
    /// WindowsApps\bash.exe are WSL's launcher: .NET gives CreateProcess no application name, which then searches
    /// System32 before PATH, so a plain "bash" would start WSL, whose Linux cannot see C:\ paths as given nor, under
    /// WSL2's NAT, the emulator's 127.0.0.1. They are never used, wherever they appear.
    /// </summary>
    public static IEnumerable<string> WindowsCandidates(IBashHost host)
    {
        foreach (var machine in new[] { true, false })
        {
            if (host.RegistryValue(machine, GitForWindowsKey, "InstallPath") is { } installed && installed.Trim().Length > 0)
            {
                yield return WindowsJoin(installed.Trim(), @"usr\bin\bash.exe");
            }
        }
        if (host.Variable("ProgramFiles") is { Length: > 0 } programFiles)
        {
            yield return WindowsJoin(programFiles, @"Git\usr\bin\bash.exe");
        }
        if (host.Variable("LOCALAPPDATA") is { Length: > 0 } localAppData)
        {
            yield return WindowsJoin(localAppData, @"Programs\Git\usr\bin\bash.exe");
        }
        yield return @"C:\msys64\usr\bin\bash.exe";
        foreach (var folder in (host.Variable("PATH") ?? "").Split(';'))
        {
            var trimmed = folder.Trim().Trim('"');
            if (trimmed.Length > 0 && !IsWslLauncherFolder(trimmed))
            {
                yield return WindowsJoin(trimmed, "bash.exe");
            }
        }
    }

    /// <summary>System32 (and its 32-bit views) or a WindowsApps folder: where WSL's bash.exe lives.</summary>
    public static bool IsWslLauncherFolder(string folder)
    {
        var name = folder.TrimEnd('\\', '/');
        var slash = name.LastIndexOfAny(new[] { '\\', '/' });
        name = slash >= 0 ? name.Substring(slash + 1) : name;
        return name.Equals("System32", StringComparison.OrdinalIgnoreCase) || name.Equals("SysWOW64", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Sysnative", StringComparison.OrdinalIgnoreCase) || name.Equals("WindowsApps", StringComparison.OrdinalIgnoreCase);
    }

    private static FoundBash LocateOnWindows(IBashHost host)
    {
        var looked = new List<string>();
        var refused = new List<string>();
        foreach (var candidate in WindowsCandidates(host))
        {
            looked.Add(candidate);
            if (!host.FileExists(candidate))
            {
                continue;
            }
            var v = Parse(host.AskVersion(candidate));
            var why = v is null ? "did not answer as a bash"
                : !IsSupported(v.Value.Major, v.Value.Minor) ? $"is bash {v.Value.Major}.{v.Value.Minor}.{v.Value.Patch}, older than {MinimumMajor}.{MinimumMinor}"
                : WindowsRefusal(candidate, v.Value.OsType);
            if (why is null)
            {
                return new FoundBash(candidate, v!.Value.Major, v.Value.Minor, v.Value.Patch, $"the first found; {Variable} picks another", v.Value.OsType);
            }
            refused.Add($"{candidate} {why.TrimEnd('.')}");
        }
        var passedOver = refused.Count > 0 ? $" Passed over: {string.Join("; ", refused)}." : "";
        throw new BashNotFoundException(
            $"No bash for Windows was found (looked at {string.Join(", ", Unique(looked))}; WSL's System32\\bash.exe is never used)."
            + passedOver
            + $" Install Git for Windows (https://gitforwindows.org), which brings Git Bash, or set {Variable} to a bash.exe"
            + " (MSYS2, Cygwin); or run `dotnet run` inside WSL, where everything works as on Linux.");
    }

    /// <summary>Why a bash cannot run a runtime from a Windows emulator (WSL's launcher, a Linux bash), or null.</summary>
    private static string? WindowsRefusal(string path, string osType)
    {
        var folder = path.Substring(0, Math.Max(0, path.LastIndexOfAny(new[] { '\\', '/' })));
        if (IsWslLauncherFolder(folder))
        {
            return "which is WSL's launcher: the script would run inside a Linux distribution that cannot see C:\\ paths as given"
                + " nor reach the emulator on 127.0.0.1 under WSL2. Use Git Bash (Git for Windows), or run `dotnet run` inside WSL.";
        }
        if (osType.Length > 0 && !(osType.StartsWith("msys", StringComparison.Ordinal) || osType.StartsWith("cygwin", StringComparison.Ordinal)))
        {
            return $"which is a bash for {osType}, not for Windows (Git Bash, MSYS2 and Cygwin say msys or cygwin).";
        }
        return null;
    }

    /// <summary>A Windows path joined with '\' whatever OS runs this (the tests run the Windows order on Linux).</summary>
    private static string WindowsJoin(string folder, string rest) => folder.TrimEnd('\\', '/') + "\\" + rest;
}

public sealed partial class SystemBashHost
{
    // HKEY_LOCAL_MACHINE and HKEY_CURRENT_USER are (HKEY)(LONG)0x8000000N: sign-extended on 64-bit.
    private static readonly IntPtr LocalMachine = new(unchecked((int)0x80000002)), CurrentUser = new(unchecked((int)0x80000001));
    private const int RrfRtRegSz = 0x00000002, RrfSubkeyWow6464Key = 0x00010000, ErrorMoreData = 234;

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegGetValueW")]
    private static extern int RegGetValue(IntPtr hkey, string subKey, string value, int flags, IntPtr type, byte[] data, ref int size);

    public string? RegistryValue(bool machine, string key, string name)
    {
        if (!IsWindows)
        {
            return null;
        }
        try
        {
            var size = 1024;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var data = new byte[size];
                var result = RegGetValue(machine ? LocalMachine : CurrentUser, key, name, RrfRtRegSz | RrfSubkeyWow6464Key, IntPtr.Zero, data, ref size);
                if (result == 0)
                {
                    return Encoding.Unicode.GetString(data, 0, Math.Max(0, size)).TrimEnd('\0'); // UTF-16, with its NUL
                }
                if (result != ErrorMoreData)
                {
                    return null; // absent (2), access denied...
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        return null;
    }
}
