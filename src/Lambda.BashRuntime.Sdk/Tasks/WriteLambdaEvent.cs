using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Lambda.BashRuntime.Sdk;

/// <summary>
/// Copies an event file for the Invoke target without the whitespace around its JSON (the file's final newline, a
/// byte order mark): insignificant to JSON, but a handler that echoes its event would echo it too. The emulator's
/// `invoke --event` and LocalLambda send event files the same way.
/// </summary>
public sealed class WriteLambdaEvent : Task
{
    [Required] public string Source { get; set; } = "";
    [Required] public string Destination { get; set; } = "";

    public override bool Execute()
    {
        if (!File.Exists(Source))
        {
            Log.LogError(null, LambdaErrors.MissingEvent, null, Source, 0, 0, 0, 0,
                $"The event file '{Source}' was not found. Create it, or pass another with -p:InvokeEvent=path/to/event.json.");
            return false;
        }
        var json = File.ReadAllText(Source, Encoding.UTF8).Trim(' ', '\t', '\r', '\n');
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Destination))!);
        File.WriteAllText(Destination, json, new UTF8Encoding(false));
        return true;
    }
}
