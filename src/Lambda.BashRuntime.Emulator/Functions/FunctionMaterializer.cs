using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// Unpacks a function revision where the invoke side runs it: the code into <c>{work}/functions/{name}/{revision}/code</c>
/// (LAMBDA_TASK_ROOT) and its layers, in order, into <c>.../opt</c> (later layers overwrite earlier files). A new
/// folder per revision, so environments still running an older revision are not changed under their feet.
/// </summary>
public sealed class FunctionMaterializer(ControlPlaneState state, ControlPlaneOptions options, string workDirectory)
{
    private readonly string _functionsRoot = Path.Combine(workDirectory, "functions");

    /// <summary>Unpacks the revision now (create and update, where a bad package must be refused at once).</summary>
    public FunctionDefinition Materialize(FunctionRecord record)
    {
        Unpack(record);
        return Describe(record);
    }

    /// <summary>The revision as the invoke side sees it, unpacked on its first invoke (start-up on a state directory).</summary>
    public FunctionDefinition Deferred(FunctionRecord record)
        => Describe(record) with { Unpacking = new Lazy<bool>(() => { Unpack(record); return true; }) };

    private FunctionDefinition Describe(FunctionRecord record)
    {
        var folder = FolderOf(record);
        return new FunctionDefinition
        {
            FunctionName = record.FunctionName,
            FunctionArn = AwsFormat.FunctionArn(record.Region, options.AccountId, record.FunctionName),
            Region = record.Region,
            Handler = record.Handler ?? "",
            Runtime = record.Runtime,
            Architecture = record.Architecture,
            TimeoutSeconds = record.Timeout,
            MemorySizeMb = record.MemorySize,
            CodeDirectory = Path.Combine(folder, "code"),
            OptDirectory = record.Layers.Length > 0 ? Path.Combine(folder, "opt") : null,
            Environment = record.Environment,
            RevisionId = record.RevisionId,
        };
    }

    private void Unpack(FunctionRecord record)
    {
        var folder = FolderOf(record);
        DeleteQuietly(folder);
        try
        {
            // One budget for the code and all its layers, counted on the bytes really written: a crafted zip whose
            // directory understates its sizes still stops at Lambda's limit.
            var budget = PackageLimits.MaxUnpackedBytes;
            budget -= Unpack(record.Code, Path.Combine(folder, "code"), budget);
            foreach (var layer in record.Layers)
            {
                budget -= Unpack(layer.Package, Path.Combine(folder, "opt"), budget);
            }
        }
        catch
        {
            DeleteQuietly(folder);
            var functionFolder = Path.GetDirectoryName(folder)!;
            if (Directory.Exists(functionFolder) && !Directory.EnumerateFileSystemEntries(functionFolder).Any())
            {
                DeleteQuietly(functionFolder);
            }
            throw;
        }
    }

    private string FolderOf(FunctionRecord record) => Path.Combine(_functionsRoot, record.FunctionName, record.RevisionId);

    /// <summary>Removes the unpacked revisions of a function except <paramref name="keepRevision"/>.</summary>
    public void Retire(string functionName, string? keepRevision)
    {
        var folder = Path.Combine(_functionsRoot, functionName);
        if (!Directory.Exists(folder))
        {
            return;
        }
        foreach (var revision in Directory.EnumerateDirectories(folder))
        {
            if (Path.GetFileName(revision) != keepRevision)
            {
                DeleteQuietly(revision);
            }
        }
        if (keepRevision is null)
        {
            DeleteQuietly(folder);
        }
    }

    private long Unpack(PackageInfo package, string destination, long budget)
    {
        using var zip = state.Blobs.OpenRead(package.BlobId);
        return PackageExtractor.Extract(zip, destination, budget);
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a process of a retired revision may still hold a file open (Windows).
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
