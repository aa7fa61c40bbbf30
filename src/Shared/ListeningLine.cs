// Linked into the emulator (whose `start` prints this line) and Lambda.BashRuntime.Testing (whose EmulatorProcess waits
// for it): the one home of its wording.
#if LAMBDA_EMULATOR
namespace Lambda.BashRuntime.Emulator;
#else
namespace Lambda.BashRuntime.Testing;
#endif

/// <summary>"Local Lambda listening on http://127.0.0.1:PORT (Ctrl+C to stop). Try:", the first line `start` prints on stderr.</summary>
internal static class ListeningLine
{
    public const string Prefix = "Local Lambda listening on ";

    public static string Format(string endpoint) => $"{Prefix}{endpoint} (Ctrl+C to stop). Try:";

    /// <summary>The endpoint named by a line that contains the listening line, with a final slash (a base address).</summary>
    public static Uri Parse(string line)
    {
        var url = line.Substring(line.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length).Split(' ')[0];
        return new Uri(url.TrimEnd('/') + "/");
    }
}
