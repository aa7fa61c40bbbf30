using System.Text.Json;
using Lambda.BashRuntime.Emulator.Logs;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Emulator.Storage;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// A timeout under LogFormat JSON: the platform's record of it (platform.runtimeDone, status timeout) whatever the
/// SystemLogLevel, where the Text format writes "Task timed out after N.NN seconds". The test plays the runtime and
/// never answers; Timeout 1 s.
/// </summary>
public sealed class JsonTimeoutLogTests : IAsyncLifetime
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
