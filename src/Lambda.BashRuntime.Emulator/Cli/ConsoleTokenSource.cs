using Lambda.BashRuntime.Emulator.WebConsole;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// Where a fixed web console token comes from, never the command line (every local user reads it with ps):
/// --console-token-file FILE (first line), else the LAMBDA_CONSOLE_TOKEN environment variable (readable only by the
/// same user and root, /proc/PID/environ), else none: a new random token per start.
/// </summary>
internal static class ConsoleTokenSource
{
    public const string EnvironmentVariable = "LAMBDA_CONSOLE_TOKEN";

    /// <summary>Why --console-token VALUE is refused rather than kept with a warning: a warning would still leak the token.</summary>
    public const string ArgvRefusal = "--console-token VALUE puts the web console's secret on the command line, where every local "
        + "user can read it (ps, /proc/PID/cmdline). Set " + EnvironmentVariable + " in the environment instead, or write the token "
        + "to a file only you can read (chmod 600) and pass --console-token-file FILE.";

    /// <summary>The fixed token, or null for a random one; a bad value or unreadable file is a <see cref="UsageError"/>.</summary>
    public static string? Read(FileInfo? file, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (file is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageError($"cannot read --console-token-file {file.FullName}: {e.Message}", e);
            }
            var token = text.Split('\n')[0].Trim();
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file.FullName) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            {
                Console.Error.WriteLine($"warning: {file.FullName} can be read by other users, and it holds the web console's secret: chmod 600 it.");
            }
            return Checked(token, $"The token in {file.FullName}");
        }
        return environment(EnvironmentVariable) is { Length: > 0 } value ? Checked(value.Trim(), EnvironmentVariable) : null;
    }

    private static string Checked(string token, string source)
        => ConsoleOptions.Validate(token, source) is { } problem ? throw new UsageError(problem) : token;
}
