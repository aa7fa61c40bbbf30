namespace Lambda.BashRuntime.Emulator.Http;

/// <summary>Reads request bodies as bytes (never decoded), up to a limit; an oversized body is drained, not kept.</summary>
public static class BodyReader
{
    /// <summary>Drained bodies stop being read past this size; the connection is dropped instead.</summary>
    private const long DrainLimit = 64L * 1024 * 1024;

    public readonly record struct Body(byte[]? Bytes, long Length)
    {
        public bool TooLarge => Bytes is null;
    }

    public static async Task<Body> ReadAsync(HttpRequest request, int limit)
    {
        var declared = request.ContentLength;
        if (declared is { } length && length <= limit)
        {
            var bytes = length == 0 ? [] : new byte[length];
            await request.Body.ReadExactlyAsync(bytes);
            return new Body(bytes, length);
        }
        if (declared > limit)
        {
            await DrainAsync(request.Body, new byte[81920], 0);
            return new Body(null, declared.Value);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return new Body(null, await DrainAsync(request.Body, chunk, buffer.Length + read));
            }
            buffer.Write(chunk, 0, read);
        }
        return new Body(buffer.ToArray(), buffer.Length);
    }

    private static async Task<long> DrainAsync(Stream body, byte[] chunk, long total)
    {
        int read;
        while (total < DrainLimit && (read = await body.ReadAsync(chunk)) > 0)
        {
            total += read;
        }
        return total;
    }
}
