namespace Lambda.BashRuntime.Emulator.Tracing;

/// <summary>
/// One traced invoke as the console and `invoke --trace` show it: the handler's commands in the order they ran, the
/// variables it left, and how it ended. The bootstrap's own commands are left out.
/// </summary>
/// <param name="Steps">Each command (and, on bash 3.2, each line the handler wrote to stderr) in order.</param>
/// <param name="Variables">Variables set or changed by the handler, seen when it returned (locals included) or, when it
/// stopped on an error, when its subshell exited.</param>
/// <param name="ExitStatus">The handler's exit status; null when the runtime was stopped first (a timeout, a crash).</param>
/// <param name="HasTimes">Whether the bash gave times (EPOCHREALTIME, bash 5.0+): else every ElapsedMicroseconds is null.</param>
public sealed record HandlerTrace(List<TraceStep> Steps, List<TraceVariable> Variables, int? ExitStatus, bool HasTimes)
{
    public static readonly HandlerTrace Empty = new([], [], null, false);

    /// <summary>Index in <see cref="Steps"/> of the command the handler failed on (the last one it ran), if it failed.</summary>
    public int? FailedStep => Steps.FindLastIndex(s => s.Failed) is var i and >= 0 ? i : null;
}

/// <summary>
/// One line of the trace. Kind "command": a command xtrace printed before running it (File, Line, Function, Depth
/// from the nesting of subshells, Elapsed since the first command); Kind "output": any other line (a multi-line
/// argument's continuation, or on bash 3.2 the handler's stderr).
/// </summary>
public sealed record TraceStep(
    string Kind, int Depth, string File, int Line, string Function, long? ElapsedMicroseconds, string Text, bool Failed);

/// <summary>A variable as `declare -p` printed it.</summary>
public sealed record TraceVariable(string Name, string Declaration);
