using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Lambda.BashRuntime.Sdk;

/// <summary>Writes the JSON file that tells the local emulator (dotnet run) which function to serve and how.</summary>
public sealed class WriteLambdaRunConfig : Task
{
    [Required] public string Destination { get; set; } = "";
    [Required] public string FunctionName { get; set; } = "";
    [Required] public string Handler { get; set; } = "";
    [Required] public string PackageZip { get; set; } = "";
    public string Runtime { get; set; } = "";
    public string Architecture { get; set; } = "";
    public string Region { get; set; } = "";
    /// <summary>The emulator that serves this function: LocalLambda (the test helper) starts it from here.</summary>
    public string EmulatorPath { get; set; } = "";
    /// <summary>The project's folder: the emulator's web console offers the project's events/*.json.</summary>
    public string ProjectDirectory { get; set; } = "";
    public int Timeout { get; set; } = LambdaRules.DefaultTimeout;
    public int MemorySize { get; set; } = LambdaRules.DefaultMemorySize;

    /// <summary>
    /// The files of function.zip (the same items ZipLambdaFunction packs), written with their full path and their name
    /// in the zip: `dotnet run` watches them and, on save, serves a package built from them without a build.
    /// </summary>
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project file: a change to it (settings, environment variables) needs `dotnet build`, and the emulator says so.</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary>Items LambdaEnvironmentVariable: Include is the name, metadata Value the value.</summary>
    public ITaskItem[] EnvironmentVariables { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        var json = new StringBuilder()
            .Append("{\n")
            .Append($"  \"FunctionName\": {Json.String(FunctionName)},\n")
            .Append($"  \"Handler\": {Json.String(Handler)},\n")
            .Append($"  \"Runtime\": {Json.String(Runtime)},\n")
            .Append($"  \"Architecture\": {Json.String(Architecture)},\n")
            .Append($"  \"Timeout\": {Timeout},\n")
            .Append($"  \"MemorySize\": {MemorySize},\n")
            .Append($"  \"Region\": {Json.String(Region)},\n")
            .Append($"  \"PackageZip\": {Json.String(PackageZip)},\n")
            .Append($"  \"EmulatorPath\": {Json.String(EmulatorPath)},\n")
            .Append($"  \"ProjectFile\": {Json.String(ProjectFile)},\n")
            .Append($"  \"Files\": [{string.Join(",", Files.Select(FileEntry))}],\n")
            .Append($"  \"ProjectDirectory\": {Json.String(ProjectDirectory)},\n")
            .Append($"  \"Environment\": {Json.Variables(EnvironmentVariables)}\n")
            .Append("}\n")
            .ToString();
        if (!File.Exists(Destination) || File.ReadAllText(Destination) != json)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Destination))!);
            File.WriteAllText(Destination, json);
        }
        return true;
    }

    private static string FileEntry(ITaskItem file)
        => $"\n    {{\"Path\": {Json.String(file.GetMetadata("FullPath"))}, \"Name\": {Json.String(ZipLambdaPackage.NameInZip(file))}}}";
}
