using System.Security.Cryptography;

namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>
/// Uploaded zips, stored once by content (SHA-256, hex) so that a function and the layers it references can be
/// unpacked again after a restart, even when a layer version was deleted since.
/// </summary>
public sealed class BlobStore
{
    private readonly string _folder;
    private readonly DurableWrites _writes;

    public BlobStore(string folder, DurableWrites writes)
    {
        _folder = folder;
        _writes = writes;
        Directory.CreateDirectory(folder);
        DurableFile.RemoveLeftovers(folder, "*.zip");
    }

    /// <summary>Stores the zip durably and returns its id (SHA-256, hex).</summary>
    public string Put(byte[] zip)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(zip));
        var path = PathOf(id);
        if (!File.Exists(path) || new FileInfo(path).Length != zip.Length)
        {
            _writes.WriteAllBytes(path, zip);
        }
        return id;
    }

    public string PathOf(string id) => Path.Combine(_folder, id + ".zip");

    public Stream OpenRead(string id) => File.OpenRead(PathOf(id));

    /// <summary>Deletes every blob not in <paramref name="live"/>.</summary>
    public void Collect(IReadOnlySet<string> live)
    {
        foreach (var path in Directory.EnumerateFiles(_folder, "*.zip"))
        {
            if (!live.Contains(Path.GetFileNameWithoutExtension(path)))
            {
                File.Delete(path);
            }
        }
    }
}
