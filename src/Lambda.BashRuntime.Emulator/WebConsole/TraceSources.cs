using System.Text;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// The files a trace ran lines of, read from the function's code folder so the console can show each line beside
/// the command: only plain files directly in that folder (a trace names files by their base name), no link out of
/// it, at most <see cref="InvokeHistory.MaxTextBytes"/> each.
/// </summary>
internal static class TraceSources
{
    public static Dictionary<string, string>? Read(string codeDirectory, Tracing.HandlerTrace trace)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in trace.Steps.Where(s => s.Kind == "command").Select(s => s.File).Distinct(StringComparer.Ordinal))
        {
            if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0)
            {
                continue;
            }
            var path = Path.Combine(codeDirectory, name);
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > InvokeHistory.MaxTextBytes || ConsoleViews.EscapesFolder(codeDirectory, path))
            {
                continue;
            }
            try
            {
                sources[name] = File.ReadAllText(path, Encoding.UTF8);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // removed by an update meanwhile: the trace is shown without its source
            }
        }
        return sources.Count == 0 ? null : sources;
    }
}
