// Linked into the SDK's tasks (netstandard2.0) and the emulator (net10.0): the one place that decides which bash runs
// a function locally and checks its scripts (`bash -n`), so the build and the invoke never disagree.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

#if LAMBDA_BASHRUNTIME_SDK
namespace Lambda.BashRuntime.Sdk;
#else
namespace Lambda.BashRuntime.Emulator;
#endif

/// <summary>A bash that was found and asked its version.</summary>
public sealed class FoundBash
{
    public FoundBash(string path, int major, int minor, int patch, string source, string osType = "")
    {
        Path = path;
        Major = major;
        Minor = minor;
        Patch = patch;
        Source = source;
        OsType = osType;
    }

    public string Path { get; }
    public int Major { get; }
    public int Minor { get; }
    public int Patch { get; }

    /// <summary>How it was chosen: "LAMBDA_BASH", "--bash", "the newest found"...</summary>
    public string Source { get; }

    public string Version => $"{Major}.{Minor}.{Patch}";

    /// <summary>The bash's own $OSTYPE ("linux-gnu", "darwin23", "msys", "cygwin"); "" when not asked.</summary>
    public string OsType { get; }

    /// <summary>A Cygwin bash names drive C: /cygdrive/c; Git for Windows' and MSYS2's name it /c.</summary>
    public bool IsCygwin => OsType.StartsWith("cygwin", StringComparison.Ordinal);

    /// <summary>The start-up line: which bash, and, when Lambda's runtime has another major version, what that means.</summary>
    public string Describe(string? runtime)
    {
        var line = $"Bash: {Path} {Version} ({Source}).";
        if (runtime is not null && LambdaRules.RuntimeBash(runtime) is { } lambda && lambda.Major != Major)
        {
            line += $" Lambda's {runtime} runs bash {lambda.Version}: what works here may not work there; "
                + $"set {BashLocator.Variable} to a bash {lambda.Major} to test against it.";
        }
        return line;
    }
}

/// <summary>What the locator asks of the machine (a seam: tests give it folders and versions of their own).</summary>
public interface IBashHost
{
    bool IsMacOS { get; }
    bool IsWindows { get; }
    string? Variable(string name);
    bool FileExists(string path);

    /// <summary>BASH_VERSINFO's first three fields and $OSTYPE ("5 2 15 linux-gnu"), "" when the file runs but is not
    /// bash, null when it does not run.</summary>
    string? AskVersion(string path);

    /// <summary>A string value of the Windows registry (64-bit view); null when absent or not on Windows.</summary>
    /// <param name="machine">HKEY_LOCAL_MACHINE when true, else HKEY_CURRENT_USER.</param>
    string? RegistryValue(bool machine, string key, string name);
}

/// <summary>A bash could not be used: the message says which, why, and what to do.</summary>
public sealed class BashNotFoundException : Exception
{
    public BashNotFoundException(string message) : base(message)
    {
    }
}

/// <summary>
/// Chooses the bash that runs the runtime: the one configured (the emulator's --bash, which the SDK passes from
/// -p:LambdaBash, else the LAMBDA_BASH environment variable), else the newest bash 3.2 or later among the usual places
/// (on macOS Homebrew's before the system's 3.2) and PATH. A configured file that is missing, is not bash, or is older
/// than 3.2 is refused, never silently replaced.
/// </summary>
public static partial class BashLocator
{
    public const string Variable = "LAMBDA_BASH";

    /// <summary>The oldest bash the template's scripts are written for (macOS's /bin/bash).</summary>
    public const int MinimumMajor = 3, MinimumMinor = 2;

    private static readonly string[] LinuxPlaces = { "/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash" };
    private static readonly string[] MacPlaces = { "/opt/homebrew/bin/bash", "/usr/local/bin/bash", "/bin/bash" };

    private static readonly object Gate = new();
    private static readonly Dictionary<string, FoundBash> Located = new();

    /// <summary>Locates once per process and setting (a probe is a process start).</summary>
    /// <param name="configured">A path given as an option; null or empty: LAMBDA_BASH, else the search.</param>
    /// <param name="configuredAs">How the option is named in messages ("--bash", "LambdaBash").</param>
    public static FoundBash Locate(string? configured, string configuredAs)
    {
        var key = configured + "\n" + Environment.GetEnvironmentVariable(Variable);
        lock (Gate)
        {
            if (!Located.TryGetValue(key, out var found))
            {
                Located[key] = found = Locate(configured, configuredAs, SystemBashHost.Instance);
            }
            return found;
        }
    }

    public static FoundBash Locate(string? configured, string configuredAs, IBashHost host)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Check(configured!, configuredAs, host);
        }
        if (host.Variable(Variable) is { } variable && variable.Trim().Length > 0)
        {
            return Check(variable, Variable, host);
        }
        if (host.IsWindows)
        {
            return LocateOnWindows(host);
        }
        FoundBash? newest = null;
        var looked = new List<string>();
        foreach (var candidate in Candidates(host))
        {
            looked.Add(candidate);
            if (host.FileExists(candidate) && Parse(host.AskVersion(candidate)) is { } v && IsSupported(v.Major, v.Minor)
                && (newest is null || Compare((v.Major, v.Minor, v.Patch), (newest.Major, newest.Minor, newest.Patch)) > 0))
            {
                newest = new FoundBash(candidate, v.Major, v.Minor, v.Patch, $"the newest found; {Variable} picks another", v.OsType);
            }
        }
        return newest ?? throw new BashNotFoundException(
            $"No bash {MinimumMajor}.{MinimumMinor} or newer was found (looked at {string.Join(", ", Unique(looked))}). "
            + $"Install bash, or set {Variable} to the path of one.");
    }

    private static FoundBash Check(string path, string source, IBashHost host)
    {
        path = path.Trim();
        var fix = $"Point {source} at a bash {MinimumMajor}.{MinimumMinor} or newer, or leave it empty to use the newest bash found.";
        if (!host.FileExists(path))
        {
            throw new BashNotFoundException($"{source} is '{path}', which does not exist. {fix}");
        }
        var answer = host.AskVersion(path);
        if (answer is null)
        {
            throw new BashNotFoundException($"{source} is '{path}', which could not be run (is it executable?). {fix}");
        }
        if (Parse(answer) is not { } v)
        {
            throw new BashNotFoundException($"{source} is '{path}', which is not bash (it has no BASH_VERSINFO). {fix}");
        }
        if (!IsSupported(v.Major, v.Minor))
        {
            throw new BashNotFoundException(
                $"{source} is '{path}', which is bash {v.Major}.{v.Minor}.{v.Patch}: the runtime's scripts need bash {MinimumMajor}.{MinimumMinor} or newer. {fix}");
        }
        if (host.IsWindows && WindowsRefusal(path, v.OsType) is { } refusal)
        {
            throw new BashNotFoundException($"{source} is '{path}', {refusal} {fix}");
        }
        return new FoundBash(path, v.Major, v.Minor, v.Patch, source, v.OsType);
    }

    /// <summary>The usual places for this OS, then each folder of PATH.</summary>
    private static IEnumerable<string> Candidates(IBashHost host)
    {
        foreach (var place in host.IsMacOS ? MacPlaces : LinuxPlaces)
        {
            yield return place;
        }
        foreach (var folder in (host.Variable("PATH") ?? "").Split(':'))
        {
            if (folder.Length > 0 && folder.StartsWith("/", StringComparison.Ordinal))
            {
                yield return folder.TrimEnd('/') + "/bash";
            }
        }
    }

    private static IEnumerable<string> Unique(List<string> paths)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (seen.Add(path))
            {
                yield return path;
            }
        }
    }

    private static bool IsSupported(int major, int minor) => major > MinimumMajor || (major == MinimumMajor && minor >= MinimumMinor);

    private static int Compare((int Major, int Minor, int Patch) a, (int Major, int Minor, int Patch) b)
        => a.Major != b.Major ? a.Major.CompareTo(b.Major) : a.Minor != b.Minor ? a.Minor.CompareTo(b.Minor) : a.Patch.CompareTo(b.Patch);

    /// <summary>"5 2 15 linux-gnu" (the $OSTYPE part may be missing: an older probe, a fake).</summary>
    private static (int Major, int Minor, int Patch, string OsType)? Parse(string? versionInfo)
    {
        var parts = (versionInfo ?? "").Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length is 3 or 4 && int.TryParse(parts[0], out var major) && int.TryParse(parts[1], out var minor)
            && int.TryParse(parts[2], out var patch)
            ? (major, minor, patch, parts.Length == 4 ? parts[3] : "")
            : null;
    }
}

/// <summary>The real machine: its environment, its files, and a bash asked its version with nothing of the user's profile.</summary>
public sealed partial class SystemBashHost : IBashHost
{
    public static readonly SystemBashHost Instance = new();

    public bool IsMacOS => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

    public bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public string? Variable(string name) => Environment.GetEnvironmentVariable(name);

    public bool FileExists(string path) => File.Exists(path);

    public string? AskVersion(string path)
    {
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        // Not bash (a POSIX sh, zsh): refuses --norc, or prints no BASH_VERSINFO. $OSTYPE, bash's own, tells a Windows
        // bash (msys, cygwin) from a Linux one (WSL's) without starting uname. One string, no ArgumentList: netstandard2.0.
        start.Arguments = "--norc --noprofile -c \"echo ${BASH_VERSINFO[0]} ${BASH_VERSINFO[1]} ${BASH_VERSINFO[2]} ${OSTYPE:-unknown}\"";
        start.Environment.Remove("BASH_ENV");
        start.Environment.Remove("ENV");
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
                return "";
            }
            return process.ExitCode == 0 ? output.Result : "";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
