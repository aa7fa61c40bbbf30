using System.Globalization;
using System.Text;
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

    /// <summary>
    /// Everything written since the previous call, at most <paramref name="maxBytes"/> of it: past that, the start
    /// and the last <see cref="InvocationLog.TailBytes"/> (what X-Amz-Log-Result shows) are kept with a "log
    /// truncated" line between them, and the middle is skipped without being read. Never holds more than that in
    /// memory, whatever the runtime wrote (a sparse 3 GB file included).
    /// </summary>
    public byte[] ReadNew(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, InvocationLog.TailBytes);
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
            var available = length - _position;
            byte[] output;
            if (available <= maxBytes)
            {
                output = ReadAt(_position, (int)available);
            }
            else
            {
                var head = ReadAt(_position, maxBytes - InvocationLog.TailBytes);
                var tail = ReadAt(length - InvocationLog.TailBytes, InvocationLog.TailBytes);
                var skipped = available - head.Length - tail.Length;
                output = [.. head, .. TruncatedLine(skipped, maxBytes), .. tail];
            }
            _position = length;
            if (_position >= TruncateAfterBytes && RandomAccess.GetLength(_handle) == _position)
            {
                // The runtime appends (O_APPEND), so its next write lands at the start of the emptied file.
                RandomAccess.SetLength(_handle, 0);
                _position = 0;
            }
            return output;
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

    private byte[] ReadAt(long offset, int count)
    {
        var bytes = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = RandomAccess.Read(_handle, bytes.AsSpan(read), offset + read);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return read == count ? bytes : bytes[..read];
    }

    private static byte[] TruncatedLine(long skipped, int maxBytes)
        => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"\n[log truncated: {skipped} bytes skipped; the emulator keeps at most {maxBytes} bytes of log per invocation, the start and the last {InvocationLog.TailBytes}]\n"));
}
