using System.Security.Cryptography;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>The web console's settings (`start` serves it unless --no-console).</summary>
public sealed class ConsoleOptions
{
    /// <summary>The secret in the console's URL (LAMBDA_CONSOLE_TOKEN or --console-token-file); a new random one per start by default.</summary>
    public string Token { get; init; } = NewToken();

    /// <summary>The project's events folder, offered in the event picker; null: none.</summary>
    public string? EventsDirectory { get; init; }

    /// <summary>The project's function (`dotnet run`'s), preselected in the invoke form; null: the first by name.</summary>
    public string? ProjectFunction { get; init; }

    /// <summary>48 hexadecimal digits from a cryptographic generator, as Jupyter's tokens.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Null when <paramref name="token"/> can be the console's token, else what is wrong with it (named by <paramref name="source"/>).</summary>
    public static string? Validate(string token, string source = "The console token")
        => token.Length is >= 16 and <= 128 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? null
            : $"{source} must be 16 to 128 letters, digits, '-' or '_' (it goes into a URL); got {token.Length} characters.";
}
