using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Lambda.BashRuntime.Sdk;

/// <summary>
/// Writes the function's environment as the AWS CLI's `--environment file://...` expects it:
/// {"Variables":{"NAME":"value"}}. A file rather than a command-line argument: no quoting differs between shells.
/// </summary>
public sealed class WriteLambdaEnvironment : Task
{
    [Required] public string Destination { get; set; } = "";

    /// <summary>Items LambdaEnvironmentVariable: Include is the name, metadata Value the value.</summary>
    public ITaskItem[] EnvironmentVariables { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        var json = $"{{\"Variables\":{Json.Variables(EnvironmentVariables)}}}\n";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Destination))!);
        File.WriteAllText(Destination, json);
        return true;
    }
}
