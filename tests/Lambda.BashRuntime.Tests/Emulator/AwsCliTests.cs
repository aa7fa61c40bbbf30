using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>End to end through the real AWS CLI v2, as a developer uses the emulator.</summary>
[Trait("Category", TestBash.Category)]
public sealed class AwsCliTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new(true, ("special.sh", Handlers.Special));
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2);
        _emulator.Host.AddFunction("bash-runtime", _folder.Code);
        _emulator.Host.AddFunction("special", _folder.Code, handler: "special.handler");
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [ScriptFact]
    public async Task The_tutorial_invoke_gives_the_tutorial_answer()
    {
        var outFile = Path.Combine(_folder.Output, "response.txt");
        var result = await new AwsCli(_emulator.Endpoint, _folder.Output, "us-east-1").RunAsync(["lambda", "invoke", "--function-name", "bash-runtime",
            "--payload", """{"text":"Hello"}""", "--cli-binary-format", "raw-in-base64-out", outFile]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(200, json.RootElement.GetProperty("StatusCode").GetInt32());
        Assert.Equal("$LATEST", json.RootElement.GetProperty("ExecutedVersion").GetString());
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
        Assert.Equal("Echoing request: '{\"text\":\"Hello\"}'", await File.ReadAllTextAsync(outFile));
    }

    [ScriptFact]
    public async Task A_1_MB_payload_full_of_shell_traps_survives_the_CLI_byte_exact()
    {
        var traps = "a   b\\t\\n * $(id) `id` \\\" ' \\\\ é 日本 🎉 ";
        var padding = string.Concat(Enumerable.Repeat(traps, 1024 * 1024 / traps.Length));
        var payload = Utf8("{\"s\":\"a   b\",\t\"t\":\n\n\"*\",\"c\":\"" + padding + "\"}\n");
        Assert.True(payload.Length > 1024 * 1024);
        var payloadFile = Path.Combine(_folder.Output, "payload.json");
        await File.WriteAllBytesAsync(payloadFile, payload);
        var outFile = Path.Combine(_folder.Output, "out.json");

        var result = await new AwsCli(_emulator.Endpoint, _folder.Output, "us-east-1").RunAsync(["lambda", "invoke", "--function-name", "bash-runtime",
            "--payload", "fileb://" + payloadFile, outFile]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Echo(payload), await File.ReadAllBytesAsync(outFile));
    }

    [ScriptFact]
    public async Task A_function_error_is_StatusCode_200_with_FunctionError_Unhandled()
    {
        var outFile = Path.Combine(_folder.Output, "error.json");
        var result = await new AwsCli(_emulator.Endpoint, _folder.Output, "us-east-1").RunAsync(["lambda", "invoke", "--function-name", "special",
            "--payload", """{"do":"exit"}""", "--cli-binary-format", "raw-in-base64-out", "--log-type", "Tail", outFile]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(200, json.RootElement.GetProperty("StatusCode").GetInt32());
        Assert.Equal("Unhandled", json.RootElement.GetProperty("FunctionError").GetString());
        var log = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(json.RootElement.GetProperty("LogResult").GetString()!));
        Assert.Contains("handler failing on purpose", log);
        using var error = JsonDocument.Parse(await File.ReadAllBytesAsync(outFile));
        Assert.Equal("HandlerError", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("exited with status 3", error.RootElement.GetProperty("errorMessage").GetString());
    }

    [ScriptFact]
    public async Task An_unknown_function_is_ResourceNotFoundException()
    {
        var result = await new AwsCli(_emulator.Endpoint, _folder.Output, "us-east-1").RunAsync(["lambda", "invoke", "--function-name", "missing",
            Path.Combine(_folder.Output, "none.json")]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("An error occurred (ResourceNotFoundException) when calling the Invoke operation: Function not found: "
            + "arn:aws:lambda:us-east-1:123456789012:function:missing. Create it with create-function", result.Stderr);
    }
}
