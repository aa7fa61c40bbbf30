using System.Net;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>
/// Asynchronous invocation settings through the AWS CLI v2 and over HTTP (shapes checked against the service model),
/// and the retries of failed Event invokes they govern. The test plays the runtime; retries wait 0 s here
/// (--event-retry-delay 0).
/// </summary>
public sealed class EventInvokeConfigTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ScriptedRuntime _runtime = new();
    private readonly CapturedMessages _messages = new();
    private TestEmulator _emulator = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2,
            services: services =>
            {
                services.AddSingleton<IRuntimeLauncher>(_runtime);
                services.AddSingleton<ILoggerProvider>(_messages);
            },
            configure: options => options.EventRetryDelay = TimeSpan.Zero);
        _api = new LambdaApi(_emulator.Http, "us-east-1");
        var zip = TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable));
        await _api.CreateFunctionAsync("async-fn", zip);
        TestZips.Save(_folder.Path, "function.zip", zip);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Put_get_update_list_and_delete_work_through_the_CLI()
    {
        var aws = new AwsCli(_emulator.Endpoint, _folder.Path, "us-east-1");
        var missing = await aws.LambdaFailsAsync("get-function-event-invoke-config", "--function-name", "async-fn");
        Assert.Contains("(ResourceNotFoundException) when calling the GetFunctionEventInvokeConfig operation: The function "
            + "arn:aws:lambda:us-east-1:123456789012:function:async-fn:$LATEST doesn't have an EventInvokeConfig.", missing);

        var put = (await aws.LambdaAsync("put-function-event-invoke-config", "--function-name", "async-fn",
            "--maximum-retry-attempts", "1", "--maximum-event-age-in-seconds", "3600"))!.Value;
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:async-fn:$LATEST", put.GetProperty("FunctionArn").GetString());
        Assert.Equal(1, put.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(3600, put.GetProperty("MaximumEventAgeInSeconds").GetInt32());

        var updated = (await aws.LambdaAsync("update-function-event-invoke-config", "--function-name", "async-fn",
            "--maximum-retry-attempts", "0"))!.Value;
        Assert.Equal(0, updated.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(3600, updated.GetProperty("MaximumEventAgeInSeconds").GetInt32()); // kept: Update changes what it names

        var got = (await aws.LambdaAsync("get-function-event-invoke-config", "--function-name", "async-fn"))!.Value;
        Assert.Equal(0, got.GetProperty("MaximumRetryAttempts").GetInt32());
        var listed = (await aws.LambdaAsync("list-function-event-invoke-configs", "--function-name", "async-fn"))!.Value;
        Assert.Single(listed.GetProperty("FunctionEventInvokeConfigs").EnumerateArray());

        // Put replaces the whole config: what it leaves out goes back to Lambda's defaults (not shown).
        var replaced = (await aws.LambdaAsync("put-function-event-invoke-config", "--function-name", "async-fn",
            "--maximum-event-age-in-seconds", "60"))!.Value;
        Assert.False(replaced.TryGetProperty("MaximumRetryAttempts", out _));

        await aws.LambdaAsync("delete-function-event-invoke-config", "--function-name", "async-fn");
        var gone = await aws.LambdaFailsAsync("delete-function-event-invoke-config", "--function-name", "async-fn");
        Assert.Contains("(ResourceNotFoundException)", gone);
        var empty = (await aws.LambdaAsync("list-function-event-invoke-configs", "--function-name", "async-fn"))!.Value;
        Assert.Empty(empty.GetProperty("FunctionEventInvokeConfigs").EnumerateArray());
    }

    [Fact]
    public async Task The_answers_have_the_service_models_shapes_and_out_of_range_values_are_refused()
    {
        const string path = "/2019-09-25/functions/async-fn/event-invoke-config";
        var update = await ServiceModel.AssertErrorAsync("UpdateFunctionEventInvokeConfig", "ResourceNotFoundException",
            await _api.SendAsync(HttpMethod.Post, path, new { MaximumRetryAttempts = 1 }));
        Assert.Contains("doesn't have an EventInvokeConfig", update);

        var put = await ServiceModel.AssertOutputAsync("PutFunctionEventInvokeConfig", await _api.SendAsync(HttpMethod.Put, path,
            new { MaximumRetryAttempts = 2, DestinationConfig = new { OnFailure = new { Destination = "arn:aws:sqs:us-east-1:123456789012:dlq" } } }));
        Assert.Equal("arn:aws:sqs:us-east-1:123456789012:dlq", put.GetProperty("DestinationConfig").GetProperty("OnFailure").GetProperty("Destination").GetString());
        Assert.Equal(JsonValueKind.Object, put.GetProperty("DestinationConfig").GetProperty("OnSuccess").ValueKind);
        Assert.InRange(put.GetProperty("LastModified").GetDouble(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        await ServiceModel.AssertOutputAsync("GetFunctionEventInvokeConfig", await _api.SendAsync(HttpMethod.Get, path));
        await ServiceModel.AssertOutputAsync("UpdateFunctionEventInvokeConfig", await _api.SendAsync(HttpMethod.Post, path, new { MaximumEventAgeInSeconds = 120 }));
        await ServiceModel.AssertOutputAsync("ListFunctionEventInvokeConfigs", await _api.SendAsync(HttpMethod.Get, path + "/list"));

        var retries = await ServiceModel.AssertErrorAsync("PutFunctionEventInvokeConfig", "InvalidParameterValueException",
            await _api.SendAsync(HttpMethod.Put, path, new { MaximumRetryAttempts = 3 }));
        Assert.Equal("1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2", retries);
        var age = await ServiceModel.AssertErrorAsync("PutFunctionEventInvokeConfig", "InvalidParameterValueException",
            await _api.SendAsync(HttpMethod.Put, path, new { MaximumEventAgeInSeconds = 59 }));
        Assert.Equal("1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60", age);

        await ServiceModel.AssertOutputAsync("DeleteFunctionEventInvokeConfig", await _api.SendAsync(HttpMethod.Delete, path));
        await ServiceModel.AssertErrorAsync("GetFunctionEventInvokeConfig", "ResourceNotFoundException", await _api.SendAsync(HttpMethod.Get, path));
    }

    [Fact]
    public async Task A_failing_Event_invoke_runs_three_times_by_default_with_the_same_request_id()
    {
        var requestIds = await FailEveryAttemptAsync(expectedAttempts: 3);
        Assert.Single(requestIds.Distinct());
    }

    [Fact]
    public async Task MaximumRetryAttempts_0_runs_a_failing_Event_invoke_once()
    {
        await ServiceModel.AssertOutputAsync("PutFunctionEventInvokeConfig",
            await _api.SendAsync(HttpMethod.Put, "/2019-09-25/functions/async-fn/event-invoke-config", new { MaximumRetryAttempts = 0 }));
        await FailEveryAttemptAsync(expectedAttempts: 1);
    }

    [Fact]
    public async Task Configs_are_kept_per_qualifier_and_an_aliass_goes_with_it()
    {
        await PublishWithAliasAsync();
        var aws = new AwsCli(_emulator.Endpoint, _folder.Path, "us-east-1");

        var live = (await aws.LambdaAsync("put-function-event-invoke-config", "--function-name", "async-fn", "--qualifier", "live",
            "--maximum-retry-attempts", "0"))!.Value;
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:async-fn:live", live.GetProperty("FunctionArn").GetString());
        var version = (await aws.LambdaAsync("put-function-event-invoke-config", "--function-name", "async-fn:1",
            "--maximum-retry-attempts", "1"))!.Value; // the qualifier in the name, as the CLI allows
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:async-fn:1", version.GetProperty("FunctionArn").GetString());
        Assert.Contains("async-fn:$LATEST doesn't have an EventInvokeConfig",
            await aws.LambdaFailsAsync("get-function-event-invoke-config", "--function-name", "async-fn"));
        var got = (await aws.LambdaAsync("get-function-event-invoke-config", "--function-name", "async-fn", "--qualifier", "live"))!.Value;
        Assert.Equal(0, got.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Contains("(ResourceNotFoundException)", await aws.LambdaFailsAsync("put-function-event-invoke-config",
            "--function-name", "async-fn", "--qualifier", "nope", "--maximum-retry-attempts", "0"));

        var listed = (await aws.LambdaAsync("list-function-event-invoke-configs", "--function-name", "async-fn"))!.Value;
        Assert.Equal(["arn:aws:lambda:us-east-1:123456789012:function:async-fn:1", "arn:aws:lambda:us-east-1:123456789012:function:async-fn:live"],
            listed.GetProperty("FunctionEventInvokeConfigs").EnumerateArray().Select(c => c.GetProperty("FunctionArn").GetString()));
        await ServiceModel.AssertOutputAsync("ListFunctionEventInvokeConfigs",
            await _api.SendAsync(HttpMethod.Get, "/2019-09-25/functions/async-fn/event-invoke-config/list"));

        await aws.LambdaAsync("delete-alias", "--function-name", "async-fn", "--name", "live");
        var left = (await aws.LambdaAsync("list-function-event-invoke-configs", "--function-name", "async-fn"))!.Value;
        Assert.Single(left.GetProperty("FunctionEventInvokeConfigs").EnumerateArray());
    }

    [Fact]
    public async Task An_Event_invoke_retries_as_the_config_of_the_qualifier_it_named_says()
    {
        await PublishWithAliasAsync();
        await ServiceModel.AssertOutputAsync("PutFunctionEventInvokeConfig", await _api.SendAsync(HttpMethod.Put,
            "/2019-09-25/functions/async-fn/event-invoke-config?Qualifier=live", new { MaximumRetryAttempts = 0 }));

        await FailEveryAttemptAsync(expectedAttempts: 1, qualifier: "live");
        await FailEveryAttemptAsync(expectedAttempts: 3); // $LATEST has no config: Lambda's two retries
    }

    private async Task PublishWithAliasAsync()
    {
        await ServiceModel.AssertOutputAsync("PublishVersion", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/async-fn/versions", new { }));
        await ServiceModel.AssertOutputAsync("CreateAlias", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/async-fn/aliases",
            new { Name = "live", FunctionVersion = "1" }));
    }

    [Fact]
    public async Task A_retry_waits_on_disk_with_its_attempt_and_time_so_a_restart_keeps_it()
    {
        var runtime = new ScriptedRuntime();
        await using var emulator = await TestEmulator.StartAsync(maxConcurrency: 2,
            services: services => services.AddSingleton<IRuntimeLauncher>(runtime),
            configure: options => options.EventRetryDelay = TimeSpan.FromHours(1));
        var code = Directory.CreateDirectory(Path.Combine(_folder.Path, "code")).FullName;
        File.WriteAllText(Path.Combine(code, "bootstrap"), "#!/bin/bash\n");
        File.SetUnixFileMode(Path.Combine(code, "bootstrap"), (UnixFileMode)0b111_101_101);
        emulator.Host.AddFunction("later", code);
        using var accepted = await emulator.InvokeAsync("later", Utf8("{}"), invocationType: "Event");
        var process = await runtime.NextLaunchAsync();
        using (var next = await process.NextAsync())
        {
            (await process.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/error", Utf8("{}"))).Dispose();
        }

        var queue = emulator.Host.Services.GetRequiredService<Lambda.BashRuntime.Emulator.Events.EventQueue>();
        string[] files = [];
        await Eventually.WaitUntilAsync(() => (files = Directory.GetFiles(queue.Folder, "*.event")).Length == 1
            && File.ReadAllText(files[0]).Contains("\"attempt\":2", StringComparison.Ordinal), "the retry written down");
        using var header = JsonDocument.Parse(File.ReadAllText(files[0]).Split('\n', 2)[0]);
        Assert.Equal(Header(accepted, "X-Amzn-RequestId"), header.RootElement.GetProperty("requestId").GetString());
        Assert.InRange(header.RootElement.GetProperty("notBeforeMs").GetInt64() - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            50 * 60_000, 60 * 60_000); // the first retry waits the configured delay (Lambda: one minute)
        Assert.Equal(1, queue.Count);
    }

    /// <summary>Invokes with Event, fails each attempt the runtime gets, and checks that no more come once the event is discarded.</summary>
    private async Task<List<string>> FailEveryAttemptAsync(int expectedAttempts, string? qualifier = null)
    {
        using var accepted = await _emulator.InvokeAsync("async-fn", Utf8("""{"n":1}"""), invocationType: "Event",
            query: qualifier is null ? null : "?Qualifier=" + qualifier);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runtime = await _runtime.NextLaunchAsync();
        var requestIds = new List<string>();
        for (var attempt = 1; attempt <= expectedAttempts; attempt++)
        {
            using var next = await runtime.NextAsync();
            Assert.Equal("""{"n":1}""", await next.Content.ReadAsStringAsync());
            requestIds.Add(Header(next, "Lambda-Runtime-Aws-Request-Id")!);
            (await runtime.PostAsync($"invocation/{requestIds[^1]}/error", Utf8("""{"errorType":"Boom","errorMessage":"fails"}"""))).Dispose();
        }
        var events = _emulator.Host.Services.GetRequiredService<Lambda.BashRuntime.Emulator.Events.EventQueue>();
        await Eventually.WaitUntilAsync(() => events.Count == 0, "the event discarded after its last attempt");
        Assert.Equal(Header(accepted, "X-Amzn-RequestId"), requestIds[0]);
        Assert.Contains($"failed on all {expectedAttempts} attempt(s) and was discarded", _messages.Text);
        return requestIds;
    }
}
