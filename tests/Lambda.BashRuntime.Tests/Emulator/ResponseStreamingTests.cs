using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.EventStreamMessages;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// Response streaming end to end: the test plays the runtime (a chunked /response written a chunk at a time) and the
/// caller (InvokeWithResponseStream, a RESPONSE_STREAM function URL). Streaming, not buffering, is shown by order, not
/// time: the test writes the next chunk only once the caller has received the one before it.
/// </summary>
public sealed class ResponseStreamingTests : IAsyncLifetime
{
    private const string Function = "streamer";
    private readonly ScriptedRuntime _runtime = new();
    private TestEmulator _emulator = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 1, services:
            services => services.AddSingleton<IRuntimeLauncher>(_runtime));
        _api = new LambdaApi(_emulator.Http);
        // The test plays the runtime, so the zip only has to be one; a timeout far past any slow machine's pace.
        await ServiceModel.AssertOutputAsync("CreateFunction", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = Function, Runtime = "provided.al2023", Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = "function.handler", Timeout = 120,
            Code = new { ZipFile = TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable)) },
        }));
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task InvokeWithResponseStream_sends_each_chunk_as_it_is_written_in_frames_botocore_decodes()
    {
        await using var invoke = await StartStreamingInvokeAsync("application/octet-stream", logType: "Tail");
        var post = invoke.Post;
        Assert.Equal(HttpStatusCode.OK, invoke.Response.StatusCode);
        Assert.Equal("application/vnd.amazon.eventstream", invoke.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(invoke.RequestId, Header(invoke.Response, "X-Amzn-RequestId"));
        var first = Utf8("first chunk, ");
        byte[] second = [.. Enumerable.Range(0, 256).Select(i => (byte)i), .. new byte[200_000]];

        await post.WriteAsync(first);
        var firstMessage = await ReadMessageAsync(invoke.Body); // arrives while the function has not written the rest
        Assert.Equal(first, MessagePayload(firstMessage));

        await post.WriteAsync(second);
        var (status, answer) = await post.EndAsync();
        Assert.Equal(202, status);
        Assert.Equal("""{"status":"OK"}""", answer);

        var events = await BotocoreEventStream.DecodeAsync([.. firstMessage, .. await ReadToEndAsync(invoke.Body)]);
        Assert.All(events[..^1], e => Assert.Equal(("PayloadChunk", "application/octet-stream", "event"),
            (e.EventType, e.Headers[":content-type"], e.Headers[":message-type"])));
        Assert.Equal([.. first, .. second], events[..^1].SelectMany(e => e.Payload).ToArray());
        var complete = events[^1];
        Assert.Equal(("InvokeComplete", "application/json"), (complete.EventType, complete.Headers[":content-type"]));
        using var json = JsonDocument.Parse(complete.Payload);
        Assert.False(json.RootElement.TryGetProperty("ErrorCode", out _));
        Assert.Contains($"END RequestId: {invoke.RequestId}", Encoding.UTF8.GetString(
            Convert.FromBase64String(json.RootElement.GetProperty("LogResult").GetString()!)));
    }

    [Fact]
    public async Task An_error_after_some_chunks_reaches_the_caller_in_InvokeComplete_from_the_runtimes_trailers()
    {
        await using var invoke = await StartStreamingInvokeAsync("text/plain");
        var post = invoke.Post;
        await post.WriteAsync(Utf8("partial "));
        var firstMessage = await ReadMessageAsync(invoke.Body);
        var errorBody = """{"errorType":"StreamBroke","errorMessage":"the source went away"}""";
        var (status, _) = await post.EndAsync(
            ("Lambda-Runtime-Function-Error-Type", "StreamBroke"),
            ("Lambda-Runtime-Function-Error-Body", Convert.ToBase64String(Utf8(errorBody))));
        Assert.Equal(202, status);

        var events = await BotocoreEventStream.DecodeAsync([.. firstMessage, .. await ReadToEndAsync(invoke.Body)]);
        Assert.Equal(["PayloadChunk", "InvokeComplete"], events.Select(e => e.EventType));
        Assert.Equal("partial ", Encoding.UTF8.GetString(events[0].Payload));
        using var json = JsonDocument.Parse(events[1].Payload);
        Assert.Equal("StreamBroke", json.RootElement.GetProperty("ErrorCode").GetString());
        Assert.Equal(errorBody, json.RootElement.GetProperty("ErrorDetails").GetString());
    }

    [Fact]
    public async Task A_response_mode_Lambda_does_not_know_is_refused_as_its_emulator_refuses_it()
    {
        var invoke = _emulator.InvokeAsync(Function, Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"invocation/{requestId}/response") { Content = new ByteArrayContent(Utf8("x")) };
        request.Headers.Add("Lambda-Runtime-Function-Response-Mode", "stream");
        using var refused = await runtime.Api.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(("InvalidFunctionResponseMode", "Invalid function response mode"), await ReadErrorAsync(refused));

        using var response = await invoke;
        Assert.Equal("Unhandled", Header(response, "X-Amz-Function-Error"));
        Assert.Equal("Runtime.InvalidResponseModeHeader", (await ReadErrorAsync(response)).ErrorType);
    }

    [Fact]
    public async Task A_plain_Invoke_of_a_streaming_runtime_gets_the_chunks_gathered()
    {
        var invoke = _emulator.InvokeAsync(Function, Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        await using var post = await ChunkedPost.StartAsync(runtime.Launch.Environment["AWS_LAMBDA_RUNTIME_API"],
            Header(next, "Lambda-Runtime-Aws-Request-Id")!, "application/json");
        await post.WriteAsync(Utf8("""{"part":"""));
        await post.WriteAsync(Utf8("1}"));
        Assert.Equal(202, (await post.EndAsync()).Status);
        using var response = await invoke;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"part":1}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_caller_that_leaves_mid_stream_lets_the_function_run_to_its_end_and_frees_the_slot()
    {
        await using var invoke = await StartStreamingInvokeAsync("application/octet-stream");
        var post = invoke.Post;
        await post.WriteAsync(Utf8("one"));
        await ReadMessageAsync(invoke.Body);
        invoke.LeaveEarly(); // the caller goes away

        // Far more than the chunks in flight: a runtime blocked by a caller that is gone would never get its 202.
        for (var i = 0; i < 64; i++)
        {
            await post.WriteAsync(new byte[64 * 1024]);
        }
        Assert.Equal(202, (await post.EndAsync()).Status);

        // One slot only (maxConcurrency 1): the next invoke is served, by the same environment.
        var again = _emulator.InvokeAsync(Function, Utf8("{}"));
        var runtime = invoke.Runtime;
        using var next = await runtime.NextAsync();
        using var _ = await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("\"again\""));
        using var response = await again;
        Assert.Equal("\"again\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_RESPONSE_STREAM_url_sends_the_preludes_status_and_headers_then_the_body_as_it_is_written()
    {
        var url = await CreateStreamingUrlAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var get = client.GetAsync(url + "events", HttpCompletionOption.ResponseHeadersRead);
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        await using var post = await ChunkedPost.StartAsync(runtime.Launch.Environment["AWS_LAMBDA_RUNTIME_API"],
            Header(next, "Lambda-Runtime-Aws-Request-Id")!, "application/vnd.awslambda.http-integration-response");
        var prelude = """{"statusCode":201,"headers":{"content-type":"text/event-stream","x-stream":"yes"},"cookies":["seen=1"]}""";
        var first = Utf8("data: one\n\n");
        await post.WriteAsync([.. Utf8(prelude), .. new byte[8], .. first]);

        using var response = await get;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("yes", Header(response, "x-stream"));
        Assert.Equal(["seen=1"], response.Headers.GetValues("Set-Cookie"));
        Assert.True(response.Headers.TransferEncodingChunked);
        await using var body = await response.Content.ReadAsStreamAsync();
        var firstRead = new byte[first.Length];
        await body.ReadExactlyAsync(firstRead); // before the function writes the rest
        Assert.Equal(first, firstRead);

        byte[] rest = [0, 1, 2, 255, .. Utf8("data: two\n\n")];
        await post.WriteAsync(rest);
        Assert.Equal(202, (await post.EndAsync()).Status);
        Assert.Equal(rest, await ReadToEndAsync(body));
    }

    [Fact]
    public async Task A_url_stream_that_fails_after_some_of_its_body_is_cut_off_rather_than_ended()
    {
        var url = await CreateStreamingUrlAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var get = client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        await using var post = await ChunkedPost.StartAsync(runtime.Launch.Environment["AWS_LAMBDA_RUNTIME_API"],
            Header(next, "Lambda-Runtime-Aws-Request-Id")!, "text/plain");
        await post.WriteAsync(Utf8("half of it"));
        using var response = await get;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var firstRead = new byte[10];
        await body.ReadExactlyAsync(firstRead);

        Assert.Equal(202, (await post.EndAsync(("Lambda-Runtime-Function-Error-Type", "Broke"), ("Lambda-Runtime-Function-Error-Body", ""))).Status);
        await Assert.ThrowsAnyAsync<IOException>(() => ReadToEndAsync(body));
    }

    /// <summary>An InvokeWithResponseStream under way: the caller's answer, and the runtime's streamed /response.</summary>
    private sealed record StreamingInvoke(
        HttpResponseMessage Response, Stream Body, string RequestId, ScriptedRuntime.FakeProcess Runtime, ChunkedPost Post) : IAsyncDisposable
    {
        public void LeaveEarly()
        {
            Body.Dispose();
            Response.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            LeaveEarly();
            await Post.DisposeAsync();
        }
    }

    /// <summary>The invoke, its event at the runtime, and the runtime's /response begun (the answer's head leaves then).</summary>
    private async Task<StreamingInvoke> StartStreamingInvokeAsync(string contentType, string? logType = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2021-11-15/functions/{Function}/response-streaming-invocations")
        {
            Content = new ByteArrayContent(Utf8("{}")),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (logType is not null)
        {
            request.Headers.Add("X-Amz-Log-Type", logType);
        }
        var sent = _emulator.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id")!;
        var post = await ChunkedPost.StartAsync(runtime.Launch.Environment["AWS_LAMBDA_RUNTIME_API"], requestId, contentType);
        var response = await sent;
        return new StreamingInvoke(response, await response.Content.ReadAsStreamAsync(), requestId, runtime, post);
    }

    private Task<string> CreateStreamingUrlAsync() => _api.CreatePublicUrlAsync(Function, "RESPONSE_STREAM");
}
