using System.Net.Sockets;
using System.Text;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// A runtime's streamed /response written by hand over a socket: HTTP/1.1 chunked, each chunk sent when the test
/// says, and trailers at the end (HttpClient sends no request trailers over HTTP/1.1, curl's command line none at all).
/// </summary>
public sealed class ChunkedPost : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private ChunkedPost(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <param name="runtimeApi">AWS_LAMBDA_RUNTIME_API as the runtime got it (host:port).</param>
    public static async Task<ChunkedPost> StartAsync(string runtimeApi, string requestId, string contentType, string mode = "streaming")
    {
        var colon = runtimeApi.LastIndexOf(':');
        var client = new TcpClient();
        await client.ConnectAsync(runtimeApi[..colon], int.Parse(runtimeApi[(colon + 1)..]));
        var post = new ChunkedPost(client);
        var head = $"POST /2018-06-01/runtime/invocation/{requestId}/response HTTP/1.1\r\nHost: {runtimeApi}\r\n"
            + $"Lambda-Runtime-Function-Response-Mode: {mode}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n"
            + "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\nConnection: close\r\n\r\n";
        await post._stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        return post;
    }

    public async Task WriteAsync(byte[] chunk)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
        await _stream.WriteAsync(chunk);
        await _stream.WriteAsync("\r\n"u8.ToArray());
        await _stream.FlushAsync();
    }

    /// <summary>The last chunk, the trailers if any, then the emulator's answer: its status line and body.</summary>
    public async Task<(int Status, string Body)> EndAsync(params (string Name, string Value)[] trailers)
    {
        var end = new StringBuilder("0\r\n");
        foreach (var (name, value) in trailers)
        {
            end.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        end.Append("\r\n");
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(end.ToString()));
        using var answer = new MemoryStream();
        await _stream.CopyToAsync(answer).WaitAsync(TimeSpan.FromSeconds(60)); // Connection: close ends it
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var status = int.Parse(text.Split(' ', 3)[1]);
        var bodyAt = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, bodyAt < 0 ? "" : text[(bodyAt + 4)..]);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
