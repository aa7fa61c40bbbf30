using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Lambda.BashRuntime.Sdk;

/// <summary>
/// Writes one Lambda zip (see <see cref="LambdaZipWriter"/>) from the given files. The zip is rewritten only when its
/// bytes change, so an unchanged build leaves it, and its timestamp, alone.
/// </summary>
public sealed class ZipLambdaPackage : Task
{
    /// <summary>The files to pack. Their name in the zip is metadata PackagePath if set, else the path relative to the project.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The zip to write; its folder is created when missing.</summary>
    [Required]
    public string Destination { get; set; } = "";

    public override bool Execute()
    {
        var entries = Files.Select(ReadEntry).ToList();
        if (Log.HasLoggedErrors)
        {
            return false;
        }
        var zip = LambdaZipWriter.Write(entries.OfType<LambdaZipEntry>());
        if (File.Exists(Destination) && File.ReadAllBytes(Destination).SequenceEqual(zip))
        {
            Log.LogMessage(MessageImportance.Low, $"{Destination} is up to date.");
            return true;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Destination))!);
        File.WriteAllBytes(Destination, zip);
        return true;
    }

    private LambdaZipEntry? ReadEntry(ITaskItem item)
    {
        var name = NameInZip(item);
        try
        {
            var path = item.GetMetadata("FullPath");
            var isScript = ScriptFile.IsScript(name);
            return new LambdaZipEntry(name, isScript ? ScriptFile.ReadNormalized(BuildEngine, path) : File.ReadAllBytes(path), isScript);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, LambdaErrors.UnreadableFile, null, item.ItemSpec, 0, 0, 0, 0,
                $"Cannot read '{item.ItemSpec}' to put it in {Path.GetFileName(Destination)}: {e.Message} Check that the file exists and that you may read it.");
            return null;
        }
    }

    /// <summary>The name of a file inside the zip (also written into the run config, for the emulator's reloads).</summary>
    internal static string NameInZip(ITaskItem item)
    {
        var packagePath = item.GetMetadata("PackagePath");
        if (!string.IsNullOrEmpty(packagePath))
        {
            return packagePath.Replace('\\', '/');
        }
        var relative = item.ItemSpec.Replace('\\', '/');
        return relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? item.GetMetadata("Filename") + item.GetMetadata("Extension")
            : relative.TrimStart('.', '/');
    }
}
