using System.Net;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>What a real runtime process sees: its environment, and a bootstrap that comes from a layer.</summary>
[Trait("Category", TestBash.Category)]
public sealed class RealRuntimeTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new(true, ("special.sh", Handlers.Special));
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        // A variable of the developer's session (as AWS credentials would be): it must not reach the runtime.
        Environment.SetEnvironmentVariable("LAMBDA_BASH_TEST_DEVELOPER_SECRET", "must-not-leak");
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [ScriptFact]
    public async Task The_runtime_process_sees_only_Lambdas_variables_and_the_functions_own()
    {
        _emulator.Host.AddFunction("env", _folder.Code, handler: "special.handler",
            environment: new Dictionary<string, string> { ["GREETING"] = "hello world" });

        using var response = await _emulator.InvokeAsync("env", Utf8("""{"do":"env"}"""));
        var variables = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);

        Assert.Equal("hello world", variables["GREETING"]);
        Assert.Equal(TestSandbox.TaskRoot(_folder.Code), variables["LAMBDA_TASK_ROOT"]);
        Assert.Equal(TestSandbox.TaskRoot(_folder.Code), variables["PWD"]);
        Assert.Equal("special.handler", variables["_HANDLER"]);
        Assert.StartsWith("/usr/local/bin:/usr/bin/:/bin:", variables["PATH"]);
        Assert.Equal("en_US.UTF-8", variables["LANG"]);
        Assert.DoesNotContain("LAMBDA_BASH_TEST_DEVELOPER_SECRET", variables.Keys);
        Assert.DoesNotContain("HOME", variables.Keys);
        Assert.Matches("^ASIA[A-Z2-7]{16}$", variables["AWS_ACCESS_KEY_ID"]); // issued for this environment, not the developer's
    }

    /// <summary>
    /// Lambda runs the function in a UTF-8 locale (LANG=en_US.UTF-8), where bash counts characters: the bootstrap's
    /// lengths and offsets must still be bytes. C.UTF-8 stands in (this machine may lack en_US.UTF-8).
    /// </summary>
    [ScriptTheory]
    [InlineData("printf '%s' \"$1\"")]
    [InlineData("printf '%s\\n' \"$1\"")]
    [InlineData("printf '%s\\n\\n' \"$1\"")]
    public async Task In_a_UTF_8_locale_answers_of_multibyte_text_arrive_byte_for_byte(string body)
    {
        using var code = new FunctionFolder(true, ("echo.sh", $"handler() {{\n  {body}\n}}\n"));
        _emulator.Host.AddFunction("utf8", code.Code, handler: "echo.handler",
            environment: new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" });
        var text = "\"h\u00e9llo w\u00f6rld \u2713 \ud83d\ude00 " + new string('\u00e9', 5000) + "\"";

        using var response = await _emulator.InvokeAsync("utf8", Utf8(text));

        Assert.Null(Header(response, "X-Amz-Function-Error"));
        var expected = body.EndsWith("\\n\\n' \"$1\"", StringComparison.Ordinal) ? text + "\n" : text; // one final newline dropped
        Assert.Equal(Utf8(expected), await response.Content.ReadAsByteArrayAsync());
    }

    [ScriptFact]
    public async Task Without_a_bootstrap_in_the_package_the_layers_bootstrap_runs()
    {
        using var code = new FunctionFolder(withBootstrap: false);
        var opt = Directory.CreateDirectory(Path.Combine(code.Output, "opt")).FullName;
        FunctionFolder.Copy(RepoPaths.Bootstrap, Path.Combine(opt, "bootstrap"));
        _emulator.Host.AddFunction("layered", code.Code, optDirectory: opt);

        using var response = await _emulator.InvokeAsync("layered", Utf8("""{"text":"Hello"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "X-Amz-Function-Error"));
        Assert.Equal("Echoing request: '{\"text\":\"Hello\"}'", await response.Content.ReadAsStringAsync());
    }

    [ScriptFact]
    public async Task A_new_revision_of_a_function_gets_a_new_environment()
    {
        _emulator.Host.AddFunction("revised", _folder.Code);
        (await _emulator.InvokeAsync("revised", Utf8("1"))).Dispose();
        var before = _emulator.Host.Services.GetPool().Environments().Single(e => e.Function.FunctionName == "revised");

        var revised = _emulator.Host.AddFunction("revised", _folder.Code, handler: "special.handler");
        using var response = await _emulator.InvokeAsync("revised", Utf8("2"));

        Assert.Equal("ok 2", await response.Content.ReadAsStringAsync());
        var after = _emulator.Host.Services.GetPool().Environments().Single(e => e.Function.RevisionId == revised.RevisionId);
        Assert.NotSame(before, after);
    }
}
