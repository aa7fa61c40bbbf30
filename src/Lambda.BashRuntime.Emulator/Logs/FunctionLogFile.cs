using Microsoft.Win32.SafeHandles;

namespace Lambda.BashRuntime.Emulator.Logs;

/// <summary>
/// The file an execution environment's runtime writes its stdout and stderr to. A file, not a pipe: everything the
/// runtime wrote before it answered an invocation is already in the file when the answer arrives, so an invocation's
/// log (and X-Amz-Log-Type Tail) is complete without waiting for a pipe reader.
/// </summary>
public sealed class FunctionLogFile : IDisposable
{
    /// <summary>Past this size the file is emptied once read, so a long session does not fill the disk.</summary>
    private const long TruncateAfterBytes = 1024 * 1024;

    private readonly SafeFileHandle _handle;
    private long _position;

    public FunctionLogFile(string path)
    {
        Path = path;
        File.WriteAllBytes(path, []);
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
    }

    public string Path { get; }

    /// <summary>Everything written since the previous call.</summary>
    public byte[] ReadNew()
    {
        lock (_handle)
        {
            if (_handle.IsClosed)
            {
                return [];
            }
            var length = RandomAccess.GetLength(_handle);
            if (length <= _position)
            {
                return [];
            }
            var bytes = new byte[length - _position];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(_handle, bytes.AsSpan(read), _position + read);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            _position += read;
            if (_position >= TruncateAfterBytes && RandomAccess.GetLength(_handle) == _position)
            {
                // The runtime appends (O_APPEND), so its next write lands at the start of the emptied file.
                RandomAccess.SetLength(_handle, 0);
                _position = 0;
            }
            return read == bytes.Length ? bytes : bytes[..read];
        }
    }

    public void Dispose()
    {
        lock (_handle)
        {
            _handle.Dispose();
        }
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
