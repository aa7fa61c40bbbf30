using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.EventStreamMessages;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// The template's bootstrap streaming an answer (stream_response, http_stream_response) to a real caller through the
/// emulator. Streaming, not buffering, is shown by order: the handler writes its last line only once the test has
/// received the first one and created the file the handler waits for.
/// </summary>
[Trait("Category", TestBash.Category)]
public sealed class BashStreamingTests : IAsyncLifetime
{
    private const string Handler = """
        # shellcheck shell=bash
        wait_for_go() { while [[ ! -e "$TEST_OUT/go" ]]; do sleep 0.05; done; }
        handler() {
          case "$1" in
            *lines*) stream_response text/plain; echo "first line"; wait_for_go; echo "last line" ;;
            *events*)
              http_stream_response 201 text/event-stream cache-control no-cache x-stream "yes, streamed"
              printf 'data: one\n\n'
              wait_for_go
              printf 'data: two\n\n'
              ;;
            *bytes*) stream_response; printf 'tab\t, CR\r\n, \\ backslash, é 日本語 😀\n\nno newline at the end, a dot.' ;;
            *fail*) stream_response; echo "partial"; false; echo "never" ;;
            *sleep*) stream_response; echo "before the timeout"; sleep 30 ;;
            *tmp*) ls -A "${TMPDIR:-/tmp}" ;;
            *) printf 'buffered %s\n' "$$" ;;
          esac
        }
        """;

    private readonly FunctionFolder _folder = new(true, ("stream.sh", Handler));
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        // The folder of the "go" file, seen by the handler inside the sandbox too.
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 1, configure: options => options.SandboxWritableFolders = [_folder.Output]);
        var testOut = new Dictionary<string, string> { ["TEST_OUT"] = _folder.Output };
        _emulator.Host.AddFunction("streamer", _folder.Code, handler: "stream.handler", timeoutSeconds: 120, environment: testOut);
        _emulator.Host.AddFunction("short", _folder.Code, handler: "stream.handler", timeoutSeconds: 2, environment: testOut);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [ScriptFact]
    public async Task Stream_response_sends_each_line_before_the_handler_writes_the_next()
    {
        using var response = await StreamingInvokeAsync("streamer", """{"do":"lines"}""");
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = await ReadMessageAsync(body).WaitAsync(TimeSpan.FromSeconds(60)); // the handler waits for "go" meanwhile
        Assert.Equal("first line\n", Encoding.UTF8.GetString(MessagePayload(first)));

        GoOn();
        var events = await BotocoreEventStream.DecodeAsync([.. first, .. await ReadToEndAsync(body)]);
        Assert.Equal("InvokeComplete", events[^1].EventType);
        using var complete = JsonDocument.Parse(events[^1].Payload);
        Assert.False(complete.RootElement.TryGetProperty("ErrorCode", out _), Encoding.UTF8.GetString(events[^1].Payload));
        Assert.Equal("first line\nlast line\n", Encoding.UTF8.GetString(events[..^1].SelectMany(e => e.Payload).ToArray()));
    }

    [ScriptFact]
    public async Task Http_stream_response_gives_a_RESPONSE_STREAM_url_its_status_and_headers_then_each_event_as_it_is_written()
    {
        var url = await CreateStreamingUrlAsync("url-streamer", timeout: 120);
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var response = await client.GetAsync(url + "events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Equal("yes, streamed", Header(response, "x-stream"));
        Assert.True(response.Headers.TransferEncodingChunked);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[Utf8("data: one\n\n").Length];
        await body.ReadExactlyAsync(first).AsTask().WaitAsync(TimeSpan.FromSeconds(60)); // before the handler writes the rest
        Assert.Equal("data: one\n\n", Encoding.UTF8.GetString(first));

        GoOn();
        Assert.Equal("data: two\n\n", Encoding.UTF8.GetString(await ReadToEndAsync(body)));
    }

    [ScriptFact]
    public async Task A_stream_that_pauses_past_Kestrels_grace_period_for_slow_uploads_is_not_cut()
    {
        using var response = await StreamingInvokeAsync("streamer", """{"do":"lines"}""");
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = await ReadMessageAsync(body);
        await Task.Delay(TimeSpan.FromSeconds(PauseSeconds)); // Kestrel cuts an upload under 240 bytes/s after 5 s
        GoOn();
        var events = await BotocoreEventStream.DecodeAsync([.. first, .. await ReadToEndAsync(body)]);
        Assert.Equal("{}", Encoding.UTF8.GetString(events[^1].Payload));
        Assert.Equal("first line\nlast line\n", Encoding.UTF8.GetString(events[..^1].SelectMany(e => e.Payload).ToArray()));
    }

    private const int PauseSeconds = 6;

    [ScriptFact]
    public async Task The_http_starters_GET_events_streams_its_events_through_a_RESPONSE_STREAM_url_and_GET_hello_still_answers()
    {
        var url = await CreateStarterUrlAsync("starter", "RESPONSE_STREAM");
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var events = await client.GetAsync(url + "events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", events.Headers.CacheControl!.ToString());
        Assert.True(events.Headers.TransferEncodingChunked);
        Assert.Equal("data: {\"count\":1}\n\ndata: {\"count\":2}\n\ndata: {\"count\":3}\n\n", await events.Content.ReadAsStringAsync());

        // A buffered answer through the same RESPONSE_STREAM URL is mapped as a BUFFERED URL maps it.
        using var hello = await client.GetAsync(url + "hello?name=Ann");
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        Assert.Equal("{\"message\":\"Hello, Ann!\"}", await hello.Content.ReadAsStringAsync());
    }

    [ScriptFact]
    public async Task The_http_starters_GET_events_through_a_BUFFERED_url_is_a_502_as_its_README_says()
    {
        var url = await CreateStarterUrlAsync("starter-buffered", "BUFFERED");
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var events = await client.GetAsync(url + "events");
        Assert.Equal(HttpStatusCode.BadGateway, events.StatusCode);
    }

    [ScriptFact]
    public async Task Any_text_passes_byte_for_byte_a_last_line_without_its_newline_too_and_leaves_nothing_in_tmp()
    {
        using var response = await StreamingInvokeAsync("streamer", """{"do":"bytes"}""");
        var events = await BotocoreEventStream.DecodeAsync(await ReadToEndAsync(await response.Content.ReadAsStreamAsync()));
        Assert.Equal("tab\t, CR\r\n, \\ backslash, é 日本語 😀\n\nno newline at the end, a dot.",
            Encoding.UTF8.GetString(events[..^1].SelectMany(e => e.Payload).ToArray()));
        Assert.Equal("InvokeComplete", events[^1].EventType);

        // The same environment's /tmp afterwards: the file that carried the handler's status to the forwarder is gone.
        using var tmp = await _emulator.InvokeAsync("streamer", Utf8("""{"do":"tmp"}"""));
        Assert.DoesNotContain("lambda-stream-status", await tmp.Content.ReadAsStringAsync());
    }

    [ScriptFact]
    public async Task A_handler_failing_mid_stream_ends_it_with_the_error_in_InvokeComplete_and_stays_warm()
    {
        using var response = await StreamingInvokeAsync("streamer", """{"do":"fail"}""");
        var events = await BotocoreEventStream.DecodeAsync(await ReadToEndAsync(await response.Content.ReadAsStreamAsync()));
        Assert.Equal(["PayloadChunk", "InvokeComplete"], events.Select(e => e.EventType));
        Assert.Equal("partial\n", Encoding.UTF8.GetString(events[0].Payload));
        using var complete = JsonDocument.Parse(events[1].Payload);
        Assert.Equal("HandlerError", complete.RootElement.GetProperty("ErrorCode").GetString());
        using var details = JsonDocument.Parse(complete.RootElement.GetProperty("ErrorDetails").GetString()!); // the trailer's base64, decoded
        Assert.Equal("HandlerError", details.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("exited with status 1 while streaming", details.RootElement.GetProperty("errorMessage").GetString());

        var pid = _emulator.Host.Services.GetPool().Environments().Single().Process!.Id;
        using var buffered = await _emulator.InvokeAsync("streamer", Utf8("{}"));
        Assert.StartsWith("buffered ", await buffered.Content.ReadAsStringAsync());
        Assert.Equal(pid, _emulator.Host.Services.GetPool().Environments().Single().Process!.Id);
    }

    [ScriptFact]
    public async Task A_plain_Invoke_of_a_streaming_handler_gets_its_lines_gathered()
    {
        using var response = await _emulator.InvokeAsync("streamer", Utf8("""{"do":"bytes"}"""));
        Assert.Null(Header(response, "X-Amz-Function-Error"));
        Assert.Equal("tab\t, CR\r\n, \\ backslash, é 日本語 😀\n\nno newline at the end, a dot.", await response.Content.ReadAsStringAsync());
    }

    [ScriptFact]
    public async Task A_stream_still_going_at_the_timeout_delivers_its_chunks_then_Sandbox_Timedout_and_a_fresh_environment()
    {
        using var response = await StreamingInvokeAsync("short", """{"do":"sleep"}""");
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = await ReadMessageAsync(body);
        var streaming = _emulator.Host.Services.GetPool().Environments().Single().Process!.Id;
        var events = await BotocoreEventStream.DecodeAsync([.. first, .. await ReadToEndAsync(body)]);
        Assert.Equal(["PayloadChunk", "InvokeComplete"], events.Select(e => e.EventType));
        Assert.Equal("before the timeout\n", Encoding.UTF8.GetString(events[0].Payload));
        using var complete = JsonDocument.Parse(events[1].Payload);
        Assert.Equal("Sandbox.Timedout", complete.RootElement.GetProperty("ErrorCode").GetString());
        using var details = JsonDocument.Parse(complete.RootElement.GetProperty("ErrorDetails").GetString()!);
        Assert.Equal("Sandbox.Timedout", details.RootElement.GetProperty("errorType").GetString());
        Assert.EndsWith("Task timed out after 2.00 seconds", details.RootElement.GetProperty("errorMessage").GetString());

        // The timed-out environment is gone: the next invoke is served by a new one (one slot only).
        using var next = await _emulator.InvokeAsync("short", Utf8("{}"));
        Assert.StartsWith("buffered ", await next.Content.ReadAsStringAsync());
        Assert.NotEqual(streaming, _emulator.Host.Services.GetPool().Environments().Single().Process!.Id);
    }

    [ScriptFact]
    public async Task A_url_stream_still_going_at_the_timeout_is_cut_after_its_first_bytes()
    {
        var url = await CreateStreamingUrlAsync("url-short", timeout: 2);
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var response = await client.GetAsync(url + "sleep", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[Utf8("before the timeout\n").Length];
        await body.ReadExactlyAsync(first);
        Assert.Equal("before the timeout\n", Encoding.UTF8.GetString(first));
        await Assert.ThrowsAnyAsync<IOException>(() => ReadToEndAsync(body));
    }

    private void GoOn() => File.WriteAllText(Path.Combine(_folder.Output, "go"), "");

    /// <summary>InvokeWithResponseStream, returned once its head arrived (when the handler starts its stream).</summary>
    private async Task<HttpResponseMessage> StreamingInvokeAsync(string function, string payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/2021-11-15/functions/{function}/response-streaming-invocations")
        {
            Content = new ByteArrayContent(Utf8(payload)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await _emulator.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.amazon.eventstream", response.Content.Headers.ContentType!.MediaType);
        return response;
    }

    /// <summary>A RESPONSE_STREAM URL needs a function of the control plane: one made from the same files, zipped.</summary>
    private Task<string> CreateStreamingUrlAsync(string name, int timeout) => CreateUrlAsync(name, timeout, "RESPONSE_STREAM", "stream.handler",
        TestZips.File("bootstrap", File.ReadAllText(RepoPaths.Bootstrap), TestZips.Executable),
        TestZips.File("stream.sh", Handler.ReplaceLineEndings("\n")));

    /// <summary>The --http starter as generated: the template's bootstrap, http/function.sh and http/json.sh.</summary>
    private Task<string> CreateStarterUrlAsync(string name, string invokeMode) => CreateUrlAsync(name, 30, invokeMode, "function.handler",
        TestZips.File("bootstrap", File.ReadAllText(RepoPaths.Bootstrap), TestZips.Executable),
        TestZips.File("function.sh", File.ReadAllText(Path.Combine(RepoPaths.Template, "http", "function.sh")), TestZips.Executable),
        TestZips.File("json.sh", File.ReadAllText(Path.Combine(RepoPaths.Template, "http", "json.sh"))));

    private async Task<string> CreateUrlAsync(string name, int timeout, string invokeMode, string handler, params TestZips.Entry[] files)
    {
        var api = new LambdaApi(_emulator.Http);
        using var made = await api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = name, Runtime = "provided.al2023", Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = handler, Timeout = timeout,
            Environment = new { Variables = new Dictionary<string, string> { ["TEST_OUT"] = _folder.Output } },
            Code = new { ZipFile = TestZips.Create(files) },
        });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        return await api.CreatePublicUrlAsync(name, invokeMode);
    }
}
