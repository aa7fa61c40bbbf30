using System.Globalization;
using System.Text.RegularExpressions;

namespace Lambda.BashRuntime.Emulator.Tracing;

/// <summary>
/// Reads what the bootstrap's emulator_trace_on wrote: xtrace lines after its PS4
/// <c>+(FILE:LINE:FUNCTION:EPOCHREALTIME) COMMAND</c> (one + per subshell level), and sections
/// <c>#lambda-trace:before|error N|return|exit N</c> each followed by `declare -p` lines.
/// </summary>
public static partial class TraceParser
{
    [GeneratedRegex(@"^(\++)\(([^:()]*):(\d+):([^:()]*):([0-9.,]*)\) ?(.*)$")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"^declare -\S* ([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Declaration();

    /// <summary>Set by bash itself or by the bootstrap's trace: they change on every command and say nothing of the handler.</summary>
    private static readonly HashSet<string> Volatile =
    [
        "_", "name", "FUNCNAME", "LINENO", "PIPESTATUS", "RANDOM", "SRANDOM", "SECONDS", "EPOCHREALTIME", "EPOCHSECONDS",
        "BASHPID", "BASHOPTS", "SHELLOPTS", "PS4", "HISTCMD", "COMP_WORDBREAKS",
    ];

    public static HandlerTrace Parse(string text)
    {
        var steps = new List<TraceStep>();
        var sections = new Dictionary<string, List<TraceVariable>>(StringComparer.Ordinal);
        List<TraceVariable>? dump = null;
        int? exitStatus = null;
        long? firstTime = null;
        var lastWasDeclaration = false;
        var hasTimes = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("#lambda-trace:", StringComparison.Ordinal))
            {
                var section = line["#lambda-trace:".Length..].Trim();
                if (section.StartsWith("exit ", StringComparison.Ordinal)
                    && int.TryParse(section[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                {
                    exitStatus = status;
                    section = "exit";
                }
                if (section.StartsWith("error ", StringComparison.Ordinal))
                {
                    section = "error"; // ERR fires again in each caller (set -E): the first is where it failed
                }
                dump = [];
                sections.TryAdd(section, dump);
                lastWasDeclaration = false;
                continue;
            }
            if (CommandLine().Match(line) is { Success: true } command)
            {
                lastWasDeclaration = false;
                var file = command.Groups[2].Value;
                var commandText = command.Groups[6].Value;
                if (file == "bootstrap" || commandText.StartsWith("emulator_trace_", StringComparison.Ordinal))
                {
                    continue; // the runtime's own lines, and its trace traps called from the handler's file
                }
                dump = null; // the handler runs: a dump before it is over
                var time = Microseconds(command.Groups[5].Value);
                hasTimes |= time is not null;
                firstTime ??= time;
                steps.Add(new TraceStep("command", command.Groups[1].Length, file,
                    int.Parse(command.Groups[3].Value, CultureInfo.InvariantCulture), command.Groups[4].Value,
                    time - firstTime, commandText, false));
                continue;
            }
            if (dump is not null && Declaration().Match(line) is { Success: true } declaration)
            {
                dump.Add(new TraceVariable(declaration.Groups[1].Value, line));
                lastWasDeclaration = true;
            }
            else if (dump is not null && lastWasDeclaration)
            {
                dump[^1] = dump[^1] with { Declaration = dump[^1].Declaration + "\n" + line }; // a value with newlines
            }
            else if (dump is null && (line.Length > 0 || steps.Count > 0))
            {
                steps.Add(new TraceStep("output", steps.Count > 0 ? steps[^1].Depth : 0, "", 0, "", null, line, false));
            }
        }
        while (steps.Count > 0 && steps[^1] is { Kind: "output", Text: "" })
        {
            steps.RemoveAt(steps.Count - 1); // the file's final newline
        }
        if (exitStatus is not (null or 0) && steps.FindLastIndex(s => s.Kind == "command") is var failed and >= 0)
        {
            steps[failed] = steps[failed] with { Failed = true }; // errexit stops right after the failing command
        }
        return new HandlerTrace(steps, Changed(sections, exitStatus is not (null or 0)), exitStatus, hasTimes);
    }

    /// <summary>
    /// The variables where the handler ended (where it failed, else where it returned, else at exit) that it did not
    /// have with the same value before it ran.
    /// </summary>
    private static List<TraceVariable> Changed(Dictionary<string, List<TraceVariable>> sections, bool failed)
    {
        var atEnd = (failed ? sections.GetValueOrDefault("error") : null)
            ?? sections.GetValueOrDefault("return") ?? sections.GetValueOrDefault("exit");
        if (atEnd is null)
        {
            return [];
        }
        var before = (sections.GetValueOrDefault("before") ?? []).Select(v => v.Declaration).ToHashSet(StringComparer.Ordinal);
        return [.. atEnd.Where(v => !Volatile.Contains(v.Name) && !v.Name.StartsWith("BASH_", StringComparison.Ordinal)
            && !before.Contains(v.Declaration))];
    }

    /// <summary>EPOCHREALTIME (seconds, a point or the locale's comma, microseconds) in microseconds; null when empty.</summary>
    private static long? Microseconds(string value)
    {
        var parts = value.Split('.', ',');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || parts[1].Length is 0 or > 6 || !long.TryParse(parts[1].PadRight(6, '0'), NumberStyles.None, CultureInfo.InvariantCulture, out var fraction))
        {
            return null;
        }
        return seconds * 1_000_000 + fraction;
    }
}
