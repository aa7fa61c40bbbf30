using System.Net;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>The Runtime API seen from the runtime's side: the test plays the runtime over HTTP.</summary>
public sealed class RuntimeApiTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new();
    private readonly ScriptedRuntime _runtime = new();
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 1, services:
            services => services.AddSingleton<IRuntimeLauncher>(_runtime));
        _emulator.Host.AddFunction("scripted", _folder.Code, timeoutSeconds: 5,
            environment: new Dictionary<string, string> { ["MY_SETTING"] = "from the function" });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Next_sends_the_event_with_its_context_and_answers_are_checked_like_Lambda_does()
    {
        var payload = Utf8("""{"key":"välue"}""");
        var clientContext = Convert.ToBase64String(Utf8("""{"custom":{"who":"tëst"}}"""));
        var invoke = _emulator.InvokeAsync("scripted", payload, clientContext: clientContext);
        var runtime = await _runtime.NextLaunchAsync();

        using var next = await runtime.NextAsync();
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id")!;
        Assert.True(Guid.TryParse(requestId, out _));
        var deadline = long.Parse(Header(next, "Lambda-Runtime-Deadline-Ms")!);
        Assert.InRange(deadline - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 3000, 5000);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:scripted", Header(next, "Lambda-Runtime-Invoked-Function-Arn"));
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$", Header(next, "Lambda-Runtime-Trace-Id"));
        Assert.Equal("""{"custom":{"who":"tëst"}}""", System.Text.Encoding.UTF8.GetString(
            System.Text.Encoding.Latin1.GetBytes(Header(next, "Lambda-Runtime-Client-Context")!)));
        Assert.Equal("application/json", next.Content.Headers.ContentType!.MediaType);
        Assert.Equal(payload, await next.Content.ReadAsByteArrayAsync());

        using var wrongId = await runtime.PostAsync("invocation/00000000-0000-0000-0000-000000000000/response", Utf8("{}"));
        await AssertRuntimeErrorAsync(wrongId, HttpStatusCode.BadRequest, "InvalidRequestID");

        using var accepted = await runtime.PostAsync($"invocation/{requestId}/response", Utf8("\"the answer\""));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("""{"status":"OK"}""", await accepted.Content.ReadAsStringAsync());

        using var second = await runtime.PostAsync($"invocation/{requestId}/response", Utf8("\"again\""));
        await AssertRuntimeErrorAsync(second, HttpStatusCode.Forbidden, "InvalidStateTransition");
        using var late = await runtime.PostAsync($"invocation/{requestId}/error", Utf8("{}"));
        await AssertRuntimeErrorAsync(late, HttpStatusCode.Forbidden, "InvalidStateTransition");

        using var response = await invoke;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(requestId, Header(response, "X-Amzn-RequestId"));
        Assert.Equal("\"the answer\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_Cognito_identity_given_with_the_invoke_reaches_the_runtime()
    {
        var function = _emulator.Host.Functions.Find("scripted")!;
        var invocation = new Invocation(function, function.FunctionArn, Utf8("{}"))
        {
            CognitoIdentity = """{"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"}""",
        };
        var invoke = _emulator.Host.Invoker.InvokeAsync(invocation);
        var runtime = await _runtime.NextLaunchAsync();

        using var next = await runtime.NextAsync();
        Assert.Equal(invocation.CognitoIdentity, Header(next, "Lambda-Runtime-Cognito-Identity"));
        Assert.Null(Header(next, "Lambda-Runtime-Client-Context"));
        (await runtime.PostAsync($"invocation/{invocation.RequestId}/response", Utf8("{}"))).Dispose();
        Assert.False((await invoke).Result!.IsError);
    }

    [Fact]
    public async Task The_runtime_gets_Lambdas_environment_and_nothing_from_the_developers()
    {
        var invoke = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        var env = runtime.Launch.Environment;

        Assert.Equal(Path.Combine(TestSandbox.TaskRoot(_folder.Code), "bootstrap"), runtime.Launch.Executable);
        Assert.Equal(TestSandbox.TaskRoot(_folder.Code), runtime.Launch.WorkingDirectory);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", env["AWS_LAMBDA_RUNTIME_API"]);
        Assert.Equal(TestSandbox.TaskRoot(_folder.Code), env["LAMBDA_TASK_ROOT"]);
        Assert.Equal(TestSandbox.IsBwrap, env["LAMBDA_RUNTIME_DIR"] == "/var/runtime");
        Assert.Equal(TestSandbox.IsBwrap, runtime.Launch.Mounts is not null);
        Assert.Equal("function.handler", env["_HANDLER"]);
        Assert.Equal("scripted", env["AWS_LAMBDA_FUNCTION_NAME"]);
        Assert.Equal("$LATEST", env["AWS_LAMBDA_FUNCTION_VERSION"]);
        Assert.Equal("128", env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
        Assert.Equal("/aws/lambda/scripted", env["AWS_LAMBDA_LOG_GROUP_NAME"]);
        Assert.Matches(@"^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$", env["AWS_LAMBDA_LOG_STREAM_NAME"]);
        Assert.Equal("us-east-1", env["AWS_REGION"]);
        Assert.Equal(":UTC", env["TZ"]);
        Assert.Matches("^/usr/local/bin:/usr/bin/:/bin:/.+/bin$", env["PATH"]);
        Assert.EndsWith("/lib", env["LD_LIBRARY_PATH"]);
        Assert.Equal("from the function", env["MY_SETTING"]);
        Assert.DoesNotContain("HOME", env.Keys);
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("DOTNET", StringComparison.Ordinal));
        // Credentials the emulator issued for this environment, never the developer's.
        Assert.Matches("^ASIA[A-Z2-7]{16}$", env["AWS_ACCESS_KEY_ID"]);
        Assert.NotEqual(Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"), env["AWS_SECRET_ACCESS_KEY"]);

        using var next = await runtime.NextAsync();
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id");
        (await runtime.PostAsync($"invocation/{requestId}/response", Utf8("1"))).Dispose();
        (await invoke).Dispose();
    }

    [Fact]
    public async Task Errors_pass_through_and_a_warm_environment_serves_the_next_invoke()
    {
        var first = _emulator.InvokeAsync("scripted", Utf8("1"));
        var runtime = await _runtime.NextLaunchAsync();
        using (var next = await runtime.NextAsync())
        {
            var error = Utf8("""{"errorType":"MyError","errorMessage":"bööm","stackTrace":[]}""");
            using var posted = await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/error", error, "MyError");
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            using var failed = await first;
            Assert.Equal("Unhandled", Header(failed, "X-Amz-Function-Error"));
            Assert.Equal(error, await failed.Content.ReadAsByteArrayAsync());
        }

        var second = _emulator.InvokeAsync("scripted", Utf8("2"));
        using (var next = await runtime.NextAsync()) // same runtime: warm
        {
            Assert.Equal("2", await next.Content.ReadAsStringAsync());
            (await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("\"two\""))).Dispose();
        }
        using var ok = await second;
        Assert.Equal("\"two\"", await ok.Content.ReadAsStringAsync());
        Assert.Single(_emulator.Host.Services.GetPool().Environments());
        Assert.False(runtime.Killed);
    }

    [Fact]
    public async Task A_response_over_6_MB_is_413_for_the_runtime_and_Function_ResponseSizeTooLarge_for_the_caller()
    {
        var invoke = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        using var tooLarge = await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response",
            new byte[6 * 1024 * 1024 + 101]);
        await AssertRuntimeErrorAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");

        using var response = await invoke;
        Assert.Equal("Unhandled", Header(response, "X-Amz-Function-Error"));
        var (type, message) = await ReadErrorAsync(response);
        Assert.Equal("Function.ResponseSizeTooLarge", type);
        Assert.Equal("Response payload size exceeded maximum allowed payload size (6291556 bytes).", message);
    }

    [Fact]
    public async Task Init_error_fails_the_first_invoke_and_replaces_the_environment()
    {
        var invoke = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        var error = Utf8("""{"errorType":"Runtime.Custom","errorMessage":"bad init"}""");
        using var posted = await runtime.PostAsync("init/error", error, "Runtime.Custom");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        using var failed = await invoke;
        Assert.Equal("Unhandled", Header(failed, "X-Amz-Function-Error"));
        Assert.Equal(error, await failed.Content.ReadAsByteArrayAsync());
        Assert.True(runtime.Killed);

        var again = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var replacement = await _runtime.NextLaunchAsync();
        // The replacement gets the slot's other port: a late call of the killed runtime reaches nobody.
        Assert.NotEqual(runtime.Launch.Environment["AWS_LAMBDA_RUNTIME_API"], replacement.Launch.Environment["AWS_LAMBDA_RUNTIME_API"]);
        using var stale = await runtime.NextAsync();
        await AssertRuntimeErrorAsync(stale, HttpStatusCode.Forbidden, "InvalidRuntimeEndpoint");
        using var next = await replacement.NextAsync();
        using var lateInitError = await replacement.PostAsync("init/error", error);
        await AssertRuntimeErrorAsync(lateInitError, HttpStatusCode.Forbidden, "InvalidStateTransition");
        (await replacement.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("{}"))).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await again).StatusCode);
    }

    [Fact]
    public async Task A_runtime_that_dies_mid_invoke_gives_Runtime_ExitError_and_a_busy_slot_throttles()
    {
        var invoke = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();

        using var throttled = await _emulator.InvokeAsync("scripted", Utf8("{}"));
        await InvokeApiTests.AssertAwsErrorAsync(throttled, HttpStatusCode.TooManyRequests, "TooManyRequestsException", "Rate Exceeded.");

        runtime.Exit(2);
        using var failed = await invoke;
        var (type, message) = await ReadErrorAsync(failed);
        Assert.Equal("Runtime.ExitError", type);
        Assert.EndsWith("Error: Runtime exited with error: exit status 2", message);
    }

    [Fact]
    public async Task Event_invokes_run_in_the_background()
    {
        using var accepted = await _emulator.InvokeAsync("scripted", Utf8("""{"async":true}"""), invocationType: "Event");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        Assert.Equal(Header(accepted, "X-Amzn-RequestId"), Header(next, "Lambda-Runtime-Aws-Request-Id"));
        Assert.Equal("""{"async":true}""", await next.Content.ReadAsStringAsync());
        using var posted = await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("{}"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
    }

    [Fact]
    public async Task Shutdown_lets_the_invoke_in_flight_finish_then_kills_the_runtime()
    {
        var invoke = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();

        var stop = _emulator.Host.StopAsync();
        Assert.False(stop.IsCompleted);
        using var posted = await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("\"finished\""));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        using var response = await invoke;
        Assert.Equal("\"finished\"", await response.Content.ReadAsStringAsync());
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(runtime.Killed);
    }

    [Fact]
    public async Task A_non_JSON_error_body_reaches_the_caller_as_the_runtime_sent_it()
    {
        var invoke = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        var body = Utf8("plain text, not JSON: bööm\n");
        using var posted = await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/error", body, "MyError");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        using var failed = await invoke;
        Assert.Equal("Unhandled", Header(failed, "X-Amz-Function-Error"));
        Assert.Equal(body, await failed.Content.ReadAsByteArrayAsync()); // forwarded as RIE forwards it
    }

    [Fact]
    public async Task A_next_during_a_running_invoke_waits_for_the_next_event_as_in_RIE()
    {
        var first = _emulator.InvokeAsync("scripted", Utf8("1"));
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        var early = runtime.NextAsync(); // before answering: not refused, it waits
        (await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("\"one\""))).Dispose();
        using (var response = await first)
        {
            Assert.Equal("\"one\"", await response.Content.ReadAsStringAsync());
        }
        Assert.False(early.IsCompleted);

        var second = _emulator.InvokeAsync("scripted", Utf8("2"));
        using var waited = await early;
        Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
        Assert.Equal("2", await waited.Content.ReadAsStringAsync());
        (await runtime.PostAsync($"invocation/{Header(waited, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("\"two\""))).Dispose();
        using var answered = await second;
        Assert.Equal("\"two\"", await answered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_callers_trace_id_reaches_the_runtime_and_an_Event_invoke_gets_no_client_context()
    {
        const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/scripted/invocations")
        {
            Content = new ByteArrayContent(Utf8("{}")),
        };
        request.Headers.Add("X-Amzn-Trace-Id", trace);
        request.Headers.Add("X-Amz-Invocation-Type", "Event");
        request.Headers.Add("X-Amz-Client-Context", Convert.ToBase64String(Utf8("""{"custom":{"a":"b"}}""")));
        using var accepted = await _emulator.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync();
        Assert.Equal(trace, Header(next, "Lambda-Runtime-Trace-Id"));
        Assert.False(next.Headers.Contains("Lambda-Runtime-Client-Context")); // Lambda sends it to synchronous invokes only
        (await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("{}"))).Dispose();
    }

    [Fact]
    public async Task A_payload_that_is_not_UTF_8_is_400_InvalidRequestContentException()
    {
        using var refused = await _emulator.InvokeAsync("scripted", [.. "{\"a\":\""u8, 0xff, 0xfe, .. "\"}"u8]);

        var message = await ServiceModel.AssertErrorAsync("Invoke", "InvalidRequestContentException", refused);
        Assert.Equal("Could not parse request body into json: Invalid UTF-8 start byte 0xff (byte 7): the payload must be UTF-8", message);
    }

    private static async Task AssertRuntimeErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorType)
    {
        Assert.Equal(status, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(errorType, json.RootElement.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("errorMessage").GetString()));
    }
}
