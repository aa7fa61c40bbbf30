using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

// Also compiled into the emulator (a linked file), in its own namespace so the two copies never clash.
#if LAMBDA_EMULATOR
namespace Lambda.BashRuntime.Emulator.Packages;
#else
namespace Lambda.BashRuntime.Sdk;
#endif

/// <summary>
/// Runs `bash -n` (parse only, nothing executed) on a script. Shared by source with the emulator (linked file), which
/// checks a saved script the same way before serving it.
/// </summary>
internal static class BashSyntax
{
    public sealed record Problem(int Line, string Message);

    /// <summary>The LBR025 wording, one home for the build error and the emulator's reload line.</summary>
    public static string Describe(string script, Problem problem, FoundBash bash)
        => $"{script} has a syntax error (bash {bash.Version}, {bash.Path}): {problem.Message} Fix it: Lambda would fail to start the function (Runtime.ExitError).";

    /// <summary>
    /// The first syntax error the given bash reports, or null when the script parses. The script is given as the zip
    /// holds it (normalized: LF line endings), on standard input, so a CRLF checkout is not a syntax error.
    /// </summary>
    public static Problem? Check(byte[] content, FoundBash bash)
    {
        var start = new ProcessStartInfo(bash.Path, "--norc --noprofile -n")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.BaseStream.Write(content, 0, content.Length);
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return null;
            }
            // "bash: line 17: syntax error near unexpected token `}'" (the first line says where).
            var first = error.Split('\n')[0].Trim();
            var match = Regex.Match(first, @"line (\d+): (.*)$");
            return match.Success
                ? new Problem(int.Parse(match.Groups[1].Value), $"line {match.Groups[1].Value}: {match.Groups[2].Value}.")
                : new Problem(0, first);
        }
        catch (Win32Exception)
        {
            return null; // the bash is gone since it was located
        }
    }
}
