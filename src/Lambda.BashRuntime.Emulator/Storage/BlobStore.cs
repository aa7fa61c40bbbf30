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

    /// <summary>A blob id: a SHA-256 as 64 lowercase hex digits (nothing that could name another folder).</summary>
    public static bool IsId(string id) => id.Length == 64 && id.All(char.IsAsciiHexDigitLower);

    public string PathOf(string id) => IsId(id)
        ? Path.Combine(_folder, id + ".zip")
        : throw new InvalidDataException($"'{id}' is not a stored zip's id (its SHA-256 as 64 lowercase hex digits).");

    /// <summary>Opens a stored zip once its content is checked against its id: a zip changed on disk is never run.</summary>
    public Stream OpenRead(string id)
    {
        var path = PathOf(id);
        var stream = File.OpenRead(path);
        try
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (actual != id)
            {
                throw new InvalidDataException(
                    $"The stored zip '{path}' was changed outside the emulator (its SHA-256 is now {actual}): it is not run. "
                    + "Upload the code again (update-function-code, or publish the layer again), or put the original file back.");
            }
            stream.Position = 0;
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

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
