using System;
using System.IO;
using System.Text;
#if !LAMBDA_EMULATOR
using Microsoft.Build.Framework;
#endif

// Also compiled into the emulator (a linked file), in its own namespace so the two copies never clash.
#if LAMBDA_EMULATOR
namespace Lambda.BashRuntime.Emulator.Packages;
#else
namespace Lambda.BashRuntime.Sdk;
#endif

/// <summary>What a Lambda package needs from a script file, whatever the OS or editor it was saved on.</summary>
public static class ScriptFile
{
    /// <summary>bootstrap and *.sh are scripts: mode 0755 and LF line endings in the zip.</summary>
    public static bool IsScript(string nameInZip)
        => Path.GetFileName(nameInZip) == "bootstrap" || nameInZip.EndsWith(".sh", StringComparison.Ordinal);

    /// <summary>
    /// CRLF becomes LF (a checkout with core.autocrlf=true would otherwise give "/bin/bash^M: bad interpreter") and a
    /// UTF-8 byte order mark is dropped (the kernel only honours a shebang in the very first two bytes).
    /// </summary>
    public static byte[] Normalize(byte[] content)
    {
        var start = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;
        var result = new MemoryStream(content.Length);
        for (var i = start; i < content.Length; i++)
        {
            if (content[i] == (byte)'\r' && i + 1 < content.Length && content[i + 1] == (byte)'\n')
            {
                continue;
            }
            result.WriteByte(content[i]);
        }
        return result.ToArray();
    }

#if !LAMBDA_EMULATOR
    /// <summary>
    /// A script's content, normalized, read from disk once per build: the check task and the zip tasks (bootstrap goes
    /// into two zips) share it through MSBuild's build-scoped task objects, keyed by path, time and size.
    /// </summary>
    public static byte[] ReadNormalized(IBuildEngine engine, string path)
    {
        var file = new FileInfo(path);
        var key = $"{typeof(ScriptFile).FullName}|{file.FullName}|{file.LastWriteTimeUtc.Ticks}|{(file.Exists ? file.Length : -1)}";
        var cache = engine as IBuildEngine4;
        if (cache?.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is byte[] cached)
        {
            return cached;
        }
        var content = Normalize(File.ReadAllBytes(file.FullName));
        cache?.RegisterTaskObject(key, content, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        return content;
    }
#endif

    /// <summary>The interpreter named on the first line, or null when the file has no "#!" line.</summary>
    public static string? Shebang(byte[] normalizedContent)
    {
        if (normalizedContent.Length < 2 || normalizedContent[0] != (byte)'#' || normalizedContent[1] != (byte)'!')
        {
            return null;
        }
        var end = Array.IndexOf(normalizedContent, (byte)'\n');
        return Encoding.UTF8.GetString(normalizedContent, 2, (end < 0 ? normalizedContent.Length : end) - 2).Trim();
    }

    /// <summary>True for "/bin/bash", "/usr/bin/bash", "/usr/bin/env bash", with or without options after it.</summary>
    public static bool IsBash(string shebang)
    {
        var words = shebang.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return false;
        }
        var interpreter = Path.GetFileName(words[0]) == "env" && words.Length > 1 ? words[1] : words[0];
        return Path.GetFileName(interpreter) == "bash";
    }
}
