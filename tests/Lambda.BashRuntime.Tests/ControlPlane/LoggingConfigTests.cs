using System.Text.Json;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>
/// LoggingConfig stored and returned by CreateFunction, UpdateFunctionConfiguration and GetFunctionConfiguration, over
/// HTTP: the CLI 2.9 model predates LoggingConfig, so the CLI can neither send nor show it.
/// </summary>
public sealed class LoggingConfigTests : IAsyncLifetime
{
    private static readonly byte[] Zip = TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable));
    private readonly ScriptedRuntime _runtime = new();
    private TestEmulator _emulator = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2, services: s => s.AddSingleton<IRuntimeLauncher>(_runtime));
        _api = new LambdaApi(_emulator.Http, "us-east-1");
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_function_without_LoggingConfig_answers_Lambdas_default()
    {
        var created = await _api.CreateFunctionAsync("plain", Zip);
        AssertLogging(created, """{"LogFormat":"Text","LogGroup":"/aws/lambda/plain"}""");
    }

    [Fact]
    public async Task JSON_is_stored_returned_and_reaches_the_runtime_and_Text_drops_the_levels()
    {
        var created = await ServiceModel.AssertOutputAsync("CreateFunction", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = "json-fn",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = "function.handler",
            Code = new { ZipFile = Zip },
            LoggingConfig = new { LogFormat = "JSON", ApplicationLogLevel = "DEBUG" },
        }));
        AssertLogging(created, """{"LogFormat":"JSON","ApplicationLogLevel":"DEBUG","SystemLogLevel":"INFO","LogGroup":"/aws/lambda/json-fn"}""");
        var got = await ServiceModel.AssertOutputAsync("GetFunctionConfiguration", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/json-fn/configuration"));
        AssertLogging(got, """{"LogFormat":"JSON","ApplicationLogLevel":"DEBUG","SystemLogLevel":"INFO","LogGroup":"/aws/lambda/json-fn"}""");

        var invoke = _emulator.InvokeAsync("json-fn", Utf8("{}"));
        var runtime = await _runtime.NextLaunchAsync();
        Assert.Equal("JSON", runtime.Launch.Environment["AWS_LAMBDA_LOG_FORMAT"]);
        Assert.Equal("DEBUG", runtime.Launch.Environment["AWS_LAMBDA_LOG_LEVEL"]);
        using (var next = await runtime.NextAsync())
        {
            (await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("{}"))).Dispose();
        }
        (await invoke).Dispose();

        var text = await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration", await _api.SendAsync(HttpMethod.Put,
            "/2015-03-31/functions/json-fn/configuration", new { LoggingConfig = new { LogFormat = "Text", LogGroup = "/my/group" } }));
        AssertLogging(text, """{"LogFormat":"Text","LogGroup":"/my/group"}""");
        var kept = await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration", await _api.SendAsync(HttpMethod.Put,
            "/2015-03-31/functions/json-fn/configuration", new { Description = "LoggingConfig left out: kept" }));
        AssertLogging(kept, """{"LogFormat":"Text","LogGroup":"/my/group"}""");
    }

    [Fact]
    public async Task Levels_without_JSON_and_unknown_values_are_refused_naming_the_member()
    {
        await _api.CreateFunctionAsync("checked", Zip);
        const string path = "/2015-03-31/functions/checked/configuration";

        var levels = await ServiceModel.AssertErrorAsync("UpdateFunctionConfiguration", "InvalidParameterValueException",
            await _api.SendAsync(HttpMethod.Put, path, new { LoggingConfig = new { SystemLogLevel = "DEBUG" } }));
        Assert.Equal("To set ApplicationLogLevel or SystemLogLevel, LogFormat must be JSON: pass LogFormat=JSON with the levels.", levels);
        var format = await ServiceModel.AssertErrorAsync("UpdateFunctionConfiguration", "InvalidParameterValueException",
            await _api.SendAsync(HttpMethod.Put, path, new { LoggingConfig = new { LogFormat = "XML" } }));
        Assert.Equal("1 validation error detected: Value 'XML' at 'loggingConfig.logFormat' failed to satisfy constraint: Member must satisfy enum value set: [Text, JSON]", format);
        var level = await ServiceModel.AssertErrorAsync("UpdateFunctionConfiguration", "InvalidParameterValueException",
            await _api.SendAsync(HttpMethod.Put, path, new { LoggingConfig = new { LogFormat = "JSON", SystemLogLevel = "TRACE" } }));
        Assert.Contains("'loggingConfig.systemLogLevel'", level);
    }

    private static void AssertLogging(JsonElement configuration, string expected)
        => Assert.Equal(expected, configuration.GetProperty("LoggingConfig").GetRawText());
}
