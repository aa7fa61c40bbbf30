using System.Globalization;
using System.Text;

namespace Lambda.BashRuntime.Emulator.Tracing;

/// <summary>A trace as text, for a terminal (`invoke --trace` writes it to stderr after the log).</summary>
public static class TraceText
{
    public static string Format(HandlerTrace trace, bool variables)
    {
        var text = new StringBuilder();
        var minDepth = trace.Steps.Where(s => s.Kind == "command").Select(s => s.Depth).DefaultIfEmpty(1).Min();
        text.Append("TRACE (file:line function");
        text.Append(trace.HasTimes ? ", microseconds since the first command)\n" : "; this bash gives no times: EPOCHREALTIME is bash 5.0+)\n");
        foreach (var step in trace.Steps)
        {
            var indent = new string(' ', 2 * Math.Max(0, step.Depth - minDepth));
            if (step.Kind == "output")
            {
                text.Append(CultureInfo.InvariantCulture, $"{"",-28}{indent}| {step.Text}\n");
                continue;
            }
            var place = $"{step.File}:{step.Line} {step.Function}";
            var time = step.ElapsedMicroseconds is { } us ? $"+{us}" : "";
            text.Append(CultureInfo.InvariantCulture, $"{(step.Failed ? ">" : " ")} {place,-18} {time,7} {indent}{step.Text}\n");
        }
        text.Append(trace.ExitStatus switch
        {
            null => "TRACE END: the handler did not finish (the runtime was stopped: timeout, crash or memory)\n",
            0 => "TRACE END: the handler returned 0\n",
            var status => $"TRACE END: the handler exited with status {status} at the command marked >\n",
        });
        if (variables)
        {
            text.Append(trace.Variables.Count == 0 ? "VARIABLES: none set or changed by the handler\n" : "VARIABLES (set or changed by the handler):\n");
            foreach (var variable in trace.Variables)
            {
                text.Append("  ").Append(variable.Declaration).Append('\n');
            }
        }
        return text.ToString();
    }
}
