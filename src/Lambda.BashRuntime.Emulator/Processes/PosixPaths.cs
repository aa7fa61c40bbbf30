using System.Text;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// Windows paths as a Windows bash reads them: Git for Windows' and MSYS2's bash name drive C: /c (Cygwin's
/// /cygdrive/c), a UNC share //server/share, and take '/' as the separator. `C:\a b\c` becomes `/c/a b/c`,
/// `\\server\share\x` becomes `//server/share/x`. Pure string work, so Linux tests cover it.
/// </summary>
public sealed class PosixPaths(string drivePrefix = "")
{
    /// <summary>Git for Windows and MSYS2: /c/...</summary>
    public static readonly PosixPaths Msys = new();

    /// <summary>Cygwin: /cygdrive/c/...</summary>
    public static readonly PosixPaths Cygwin = new("/cygdrive");

    /// <summary>True for `C:\...`, `C:/...`, `\\server\share` and `//server/share`: what <see cref="Path"/> converts.</summary>
    public static bool IsWindowsAbsolute(string path)
        => (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/')
            || (path.Length >= 3 && path[0] == '\\' && path[1] == '\\' && path[2] != '\\')
            || (path.Length == 2 && char.IsAsciiLetter(path[0]) && path[1] == ':');

    /// <summary>One path: an absolute Windows path converted (`\\?\` long forms too); anything else (already POSIX, relative, empty) as it is.</summary>
    public string Path(string path)
    {
        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':' && (path.Length == 2 || path[2] is '\\' or '/'))
        {
            var rest = path.Length > 2 ? path[2..].Replace('\\', '/') : "/";
            return $"{drivePrefix}/{char.ToLowerInvariant(path[0])}{CollapseSlashes(rest)}".TrimEnd('/');
        }
        if (path.StartsWith(@"\\", StringComparison.Ordinal) && !path.StartsWith(@"\\?\", StringComparison.Ordinal))
        {
            return "//" + CollapseSlashes(path[2..].Replace('\\', '/'));
        }
        if (path.StartsWith(@"\\?\", StringComparison.Ordinal))
        {
            var inner = path[4..];
            return inner.StartsWith(@"UNC\", StringComparison.OrdinalIgnoreCase) ? Path(@"\\" + inner[4..]) : Path(inner);
        }
        return path;
    }

    /// <summary>
    /// A colon-separated list (PATH, LD_LIBRARY_PATH) whose entries may be Windows paths: `C:\x\opt/bin` written after
    /// a ':' is split by a naive reader at its drive letter ("C" and "\x\opt/bin"), so a one-letter entry followed by one
    /// that starts with a slash is joined back first. A ';'-separated Windows list is read as Windows writes it.
    /// </summary>
    public string List(string list)
    {
        var entries = new List<string>();
        if (list.Contains(';'))
        {
            entries.AddRange(list.Split(';'));
        }
        else
        {
            var parts = list.Split(':');
            for (var i = 0; i < parts.Length; i++)
            {
                if (parts[i].Length == 1 && char.IsAsciiLetter(parts[i][0]) && i + 1 < parts.Length
                    && parts[i + 1].Length > 0 && parts[i + 1][0] is '\\' or '/')
                {
                    entries.Add(parts[i] + ":" + parts[i + 1]);
                    i++;
                }
                else
                {
                    entries.Add(parts[i]);
                }
            }
        }
        return string.Join(':', entries.Select(e => e.Length == 0 ? e : Path(e)));
    }

    private static string CollapseSlashes(string path)
    {
        var builder = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c != '/' || builder.Length == 0 || builder[^1] != '/')
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
