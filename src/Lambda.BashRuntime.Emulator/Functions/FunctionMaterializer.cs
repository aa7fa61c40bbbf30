using System.Runtime.InteropServices;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// Unpacks a function revision where the invoke side runs it: the code into <c>{work}/functions/{name}/{revision}/code</c>
/// (LAMBDA_TASK_ROOT) and its layers, in order, into <c>.../opt</c> (later layers overwrite earlier files). A new
/// folder per revision, unpacked beside it and renamed into place once whole, so an invoke never starts on half a
/// package; a replaced revision's folder is removed once no invoke or environment uses it (<see cref="RevisionFolder"/>).
/// </summary>
public sealed class FunctionMaterializer(ControlPlaneState state, ControlPlaneOptions options, string workDirectory)
{
    private const string UnpackingSuffix = ".unpacking";
    private readonly string _functionsRoot = Path.Combine(workDirectory, "functions");
    private readonly object _gate = new();
    private readonly Dictionary<string, List<RevisionFolder>> _live = new(StringComparer.Ordinal);

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
        var revision = new RevisionFolder(folder);
        lock (_gate)
        {
            (CollectionsMarshal.GetValueRefOrAddDefault(_live, record.FunctionName, out _) ??= []).Add(revision);
        }
        return new FunctionDefinition
        {
            FunctionName = record.FunctionName,
            FunctionArn = AwsFormat.FunctionArn(record.Region, options.AccountId, record.FunctionName), // unqualified
            Region = record.Region,
            Handler = record.Handler ?? "",
            Runtime = record.Runtime,
            Architecture = record.Architecture,
            TimeoutSeconds = record.Timeout,
            MemorySizeMb = record.MemorySize,
            CodeDirectory = Path.Combine(folder, "code"),
            OptDirectory = record.Layers.Length > 0 ? Path.Combine(folder, "opt") : null,
            Environment = record.Environment,
            Logging = record.Logging,
            RevisionId = record.RevisionId,
            Version = record.Version,
            Folder = revision,
        };
    }

    private void Unpack(FunctionRecord record)
    {
        var folder = FolderOf(record);
        var unpacking = $"{folder}.{Guid.NewGuid():N}{UnpackingSuffix}";
        try
        {
            // One budget for the code and all its layers, counted on the bytes really written: a crafted zip whose
            // directory understates its sizes still stops at Lambda's limit.
            var budget = PackageLimits.MaxUnpackedBytes;
            budget -= Unpack(record.Code, Path.Combine(unpacking, "code"), budget);
            foreach (var layer in record.Layers)
            {
                budget -= Unpack(layer.Package, Path.Combine(unpacking, "opt"), budget);
            }
            DeleteQuietly(folder); // left by an earlier run on this work directory
            Directory.Move(unpacking, folder); // whole, at once
        }
        catch
        {
            DeleteQuietly(unpacking);
            var functionFolder = Path.GetDirectoryName(folder)!;
            if (Directory.Exists(functionFolder) && !Directory.EnumerateFileSystemEntries(functionFolder).Any())
            {
                DeleteQuietly(functionFolder);
            }
            throw;
        }
    }

    private string FolderOf(FunctionRecord record) => Path.Combine(_functionsRoot, record.FunctionName, record.RevisionId);

    /// <summary>
    /// Retires the revisions of functions named <paramref name="functionName"/> (in any region) except those in
    /// <paramref name="keepRevisions"/> ($LATEST and the published versions): each folder goes once no invoke or
    /// environment uses it.
    /// </summary>
    public void Retire(string functionName, IReadOnlySet<string> keepRevisions)
    {
        List<RevisionFolder> retired;
        lock (_gate)
        {
            if (!_live.TryGetValue(functionName, out var folders))
            {
                return;
            }
            retired = folders.FindAll(f => !keepRevisions.Contains(Path.GetFileName(f.Path)));
            folders.RemoveAll(retired.Contains);
            if (folders.Count == 0)
            {
                _live.Remove(functionName);
            }
        }
        retired.ForEach(f => f.Retire());
    }

    /// <summary>At start: removes what earlier runs left of a stored function, every folder but its revision's.</summary>
    public void RemoveLeftovers(string functionName, IReadOnlySet<string> keepRevisions)
    {
        var folder = Path.Combine(_functionsRoot, functionName);
        if (!Directory.Exists(folder))
        {
            return;
        }
        foreach (var revision in Directory.EnumerateDirectories(folder))
        {
            if (!keepRevisions.Contains(Path.GetFileName(revision)))
            {
                DeleteQuietly(revision);
            }
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
