using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Logs;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Emulator.Storage;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// The platform's lines in an invocation's log, as CloudWatch shows them (Text), and as JSON records when the
/// function's LoggingConfig says JSON (a timeout too: platform.runtimeDone with status timeout whatever the
/// SystemLogLevel, where Text writes "Task timed out after N.NN seconds"). The test plays the runtime over HTTP.
/// </summary>
public sealed class PlatformLogTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new();
    private readonly ScriptedRuntime _runtime = new();
    private readonly CapturedFunctionLogs _logs = new();
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2, services: services =>
        {
            services.AddSingleton<IRuntimeLauncher>(_runtime);
            services.AddSingleton<IFunctionLogSink>(_logs);
        });
        _emulator.Host.AddFunction("scripted", _folder.Code, timeoutSeconds: 1);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_exit_with_status_0_is_a_runtime_that_gave_no_reason_and_REPORT_says_the_error()
    {
        var invoke = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using (await runtime.NextAsync())
        {
            runtime.Exit(0);
        }

        using var failed = await invoke;
        var requestId = Header(failed, "X-Amzn-RequestId");
        var (type, message) = await ReadErrorAsync(failed);
        Assert.Equal("Runtime.ExitError", type);
        Assert.Equal($"RequestId: {requestId} Error: Runtime exited without providing a reason", message);
        var log = Eventually.Utf8(_logs.Logs.Single());
        Assert.Contains($"\nRequestId: {requestId} Error: Runtime exited without providing a reason\nRuntime.ExitError\nEND RequestId: {requestId}\n", log);
        Assert.Matches($@"\nREPORT RequestId: {requestId}\t.*\tStatus: error\tError Type: Runtime.ExitError\n$", log);
    }

    [Fact]
    public async Task A_timeout_logs_Lambdas_Task_timed_out_line_before_END_and_REPORT_says_timeout()
    {
        var invoke = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync(); // and never answers

        using var timedOut = await invoke;
        var requestId = Header(timedOut, "X-Amzn-RequestId");
        Assert.Equal("Sandbox.Timedout", (await ReadErrorAsync(timedOut)).ErrorType);
        var log = Eventually.Utf8(_logs.Logs.Single());
        Assert.Matches($@"\n\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z {requestId} Task timed out after 1\.00 seconds\nEND RequestId: {requestId}\n", log);
        Assert.Matches($@"\nREPORT RequestId: {requestId}\t.*\tStatus: timeout\n$", log);
    }

    [Fact]
    public async Task A_cold_start_logs_INIT_START_and_its_init_output_before_START_and_bills_init_with_the_invoke()
    {
        var invoke = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        await File.AppendAllTextAsync(runtime.Launch.LogFile, "printed during init\n");
        using var next = await runtime.NextAsync();
        await File.AppendAllTextAsync(runtime.Launch.LogFile, "printed by the handler\n");
        (await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("{}"))).Dispose();

        using var response = await invoke;
        var requestId = Header(response, "X-Amzn-RequestId");
        var log = Eventually.Utf8(_logs.Logs.Single());
        Assert.Matches(
            $"^INIT_START Runtime Version: provided:al2023\\.v1\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{{64}}\n"
            + $"printed during init\nSTART RequestId: {requestId} Version: \\$LATEST\nprinted by the handler\nEND RequestId: {requestId}\nREPORT ",
            log);
        // Billed Duration = Duration + Init Duration, rounded up (Lambda bills the init of custom runtimes).
        var report = Regex.Match(log, @"Duration: (\d+\.\d\d) ms\tBilled Duration: (\d+) ms\t.*\tInit Duration: (\d+\.\d\d) ms\t\n$");
        Assert.True(report.Success, log);
        var duration = double.Parse(report.Groups[1].Value, CultureInfo.InvariantCulture);
        var init = double.Parse(report.Groups[3].Value, CultureInfo.InvariantCulture);
        var billed = long.Parse(report.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(billed, (long)Math.Ceiling(duration + init) - 1, (long)Math.Ceiling(duration + init)); // the printed figures are rounded
        Assert.True(billed > Math.Ceiling(duration) || init < 0.01, log);
    }

    [Fact]
    public async Task LogFormat_JSON_writes_platform_records_and_sets_the_runtimes_log_format_and_level()
    {
        var function = _emulator.Registry.Find("scripted")! with
        {
            FunctionName = "json-logs",
            FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:json-logs",
            Logging = new LoggingConfigRecord(LoggingConfigRecord.Json, "WARN", "DEBUG", "/custom/group"),
            RevisionId = Guid.NewGuid().ToString("D"),
        };
        _emulator.Registry.Put(function);

        var invoke = _emulator.InvokeAsync("json-logs", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        Assert.Equal("JSON", runtime.Launch.Environment["AWS_LAMBDA_LOG_FORMAT"]);
        Assert.Equal("WARN", runtime.Launch.Environment["AWS_LAMBDA_LOG_LEVEL"]);
        Assert.Equal("/custom/group", runtime.Launch.Environment["AWS_LAMBDA_LOG_GROUP_NAME"]);
        using var next = await runtime.NextAsync();
        await File.AppendAllTextAsync(runtime.Launch.LogFile, "{\"level\":\"WARN\",\"message\":\"from the handler\"}\n");
        (await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("{}"))).Dispose();

        using var response = await invoke;
        var requestId = Header(response, "X-Amzn-RequestId");
        var lines = Eventually.Utf8(_logs.Logs.Single()).TrimEnd('\n').Split('\n');
        var records = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(
            ["platform.initStart", "platform.initRuntimeDone", "platform.start", null, "platform.runtimeDone", "platform.report"],
            records.Select(r => r.TryGetProperty("type", out var t) ? t.GetString() : null));
        Assert.Equal("from the handler", records[3].GetProperty("message").GetString()); // the runtime's own line, as written
        Assert.All(records.Where(r => r.TryGetProperty("type", out _)), r =>
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", r.GetProperty("time").GetString()));
        var initStart = records[0].GetProperty("record");
        Assert.Equal("on-demand", initStart.GetProperty("initializationType").GetString());
        Assert.Equal("init", initStart.GetProperty("phase").GetString());
        Assert.Equal("provided:al2023.v1", initStart.GetProperty("runtimeVersion").GetString());
        Assert.StartsWith("arn:aws:lambda:us-east-1::runtime:", initStart.GetProperty("runtimeVersionArn").GetString());
        var start = records[2].GetProperty("record");
        Assert.Equal(requestId, start.GetProperty("requestId").GetString());
        Assert.Equal("$LATEST", start.GetProperty("version").GetString());
        var report = records[5].GetProperty("record");
        Assert.Equal(requestId, report.GetProperty("requestId").GetString());
        Assert.Equal("success", report.GetProperty("status").GetString());
        var metrics = report.GetProperty("metrics");
        var expected = InvocationLog.BilledMilliseconds(TimeSpan.FromMilliseconds(metrics.GetProperty("durationMs").GetDouble()),
            TimeSpan.FromMilliseconds(metrics.GetProperty("initDurationMs").GetDouble()));
        Assert.InRange(metrics.GetProperty("billedDurationMs").GetInt64(), expected - 1, expected); // durations are rounded to the microsecond
        Assert.Equal(128, metrics.GetProperty("memorySizeMB").GetInt32());
        Assert.True(metrics.TryGetProperty("maxMemoryUsedMB", out _));
    }

    [Fact]
    public async Task SystemLogLevel_INFO_leaves_out_the_DEBUG_records_and_a_Text_function_gets_no_log_format_variables()
    {
        _emulator.Registry.Put(_emulator.Registry.Find("scripted")! with
        {
            FunctionName = "info-logs",
            FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:info-logs",
            Logging = new LoggingConfigRecord(LoggingConfigRecord.Json, "INFO", "INFO", "/aws/lambda/info-logs"),
            RevisionId = Guid.NewGuid().ToString("D"),
        });
        var text = _emulator.InvokeAsync("scripted", Utf8("{}"));
        var textRuntime = await _runtime.NextLaunchAsync();
        Assert.False(textRuntime.Launch.Environment.ContainsKey("AWS_LAMBDA_LOG_FORMAT"));
        Assert.False(textRuntime.Launch.Environment.ContainsKey("AWS_LAMBDA_LOG_LEVEL"));
        using (var next = await textRuntime.NextAsync())
        {
            (await textRuntime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("{}"))).Dispose();
        }
        (await text).Dispose();

        var invoke = _emulator.InvokeAsync("info-logs", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using (var next = await runtime.NextAsync())
        {
            (await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("{}"))).Dispose();
        }
        using var response = await invoke;
        var json = Eventually.Utf8(_logs.Logs.Last()).TrimEnd('\n').Split('\n')
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("type").GetString());
        Assert.Equal(["platform.initStart", "platform.start", "platform.report"], json);
    }

    [Theory]
    [InlineData("INFO", new[] { "platform.initStart", "platform.start", "platform.runtimeDone", "platform.report" })]
    [InlineData("WARN", new[] { "platform.runtimeDone" })]
    [InlineData("DEBUG", new[] { "platform.initStart", "platform.start", "platform.runtimeDone", "platform.report" })]
    public async Task A_timeout_writes_a_runtimeDone_record_with_status_timeout(string systemLevel, string[] expected)
    {
        var name = "json-" + systemLevel.ToLowerInvariant();
        _emulator.Registry.Put(_emulator.Registry.Find("scripted")! with
        {
            FunctionName = name,
            FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:" + name,
            Logging = new LoggingConfigRecord(LoggingConfigRecord.Json, "INFO", systemLevel, "/aws/lambda/" + name),
            RevisionId = Guid.NewGuid().ToString("D"),
        });

        var invoke = _emulator.InvokeAsync(name, Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        using var next = await runtime.NextAsync(); // and never answers
        using var timedOut = await invoke;

        var requestId = Header(timedOut, "X-Amzn-RequestId");
        var records = Eventually.Utf8(_logs.Logs.Single()).TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(expected, records.Select(r => r.GetProperty("type").GetString()).Where(t => t != "platform.initRuntimeDone"));
        var done = records.Single(r => r.GetProperty("type").GetString() == "platform.runtimeDone").GetProperty("record");
        Assert.Equal(requestId, done.GetProperty("requestId").GetString());
        Assert.Equal("timeout", done.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, done.GetProperty("metrics").GetProperty("durationMs").ValueKind);
    }
}
