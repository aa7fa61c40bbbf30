using System.Text.Json;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Packages;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// Something the user can fix (a missing or unreadable file, a bad value, a package or setting Lambda would refuse).
/// A verb throws it with a message that says what to do, or lets one of <see cref="IsUserError"/>'s exceptions
/// through; <see cref="EmulatorCommandLine"/> prints "error: MESSAGE" on stderr and exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class UsageError(string message, Exception? inner = null) : Exception(message, inner)
{
    public const int ExitCode = 2;

    /// <summary>The one list of exceptions that mean "fix the input", for every verb.</summary>
    public static bool IsUserError(Exception e)
        => e is UsageError or IOException or UnauthorizedAccessException or JsonException or InvalidDataException
            or AwsException or PackageException or BashNotFoundException;

    /// <summary>Runs a verb; a user error becomes its one line on stderr and exit code 2.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> verb)
    {
        try
        {
            return await verb();
        }
        catch (Exception e) when (IsUserError(e))
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCode;
        }
    }
}
