using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Lambda.BashRuntime.Testing;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.EndToEnd;

/// <summary>
/// What a student does right after `dotnet new bash-runtime`: `dotnet run -- invoke`, against the packed template and
/// SDK. The function runs from function.zip as built, through the emulator shipped in the SDK package.
/// </summary>
public sealed class GeneratedProjectRunTests
{
    [Fact]
    public async Task Dotnet_run_invoke_prints_the_tutorials_answer_and_the_log()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("RunHello");

        // Built first, so that restore's messages (about the machine's NuGet setup) stay out of what `run` prints.
        Assert.Equal(0, (await templates.DotnetAsync(project, ["build", "-nologo"])).ExitCode);
        var fromFile = await templates.DotnetAsync(project, ["run", "--no-build", "--", "invoke", "--event", "events/hello.json"]);
        var inline = await templates.DotnetAsync(project, ["run", "--no-build", "--", "invoke", "--payload", """{"text":"two  spaces\tand a *"}"""]);

        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.Equal("""Echoing request: '{"text":"Hello"}'""", fromFile.Output.TrimEnd('\n')); // nothing of dotnet run's own
        Assert.Matches(@"START RequestId: [0-9a-f-]{36} Version: \$LATEST", fromFile.Error);
        Assert.Contains("""{"text":"Hello"}""", fromFile.Error); // function.sh logs the event to stderr
        Assert.Matches(@"REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9.]+ ms", fromFile.Error);
        Assert.True(inline.ExitCode == 0, inline.ToString());
        Assert.Equal("""Echoing request: '{"text":"two  spaces\tand a *"}'""", inline.Output.TrimEnd('\n'));
    }

    /// <summary>A Mac with only /bin/bash (3.2): the tutorial's answer, and a start-up line that says Lambda runs bash 5.2.</summary>
    [OldBashFact("3.2.48")]
    public async Task Dotnet_run_invoke_under_bash_3_2_prints_the_tutorials_answer()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("RunOnBash32");
        var bash32 = TestBash.Old("3.2.48").Path!;

        var run = await templates.DotnetAsync(project, ["run", "--", "invoke", "--event", "events/hello.json"],
            environment: new Dictionary<string, string?> { ["LAMBDA_BASH"] = bash32 });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("""Echoing request: '{"text":"Hello"}'""", run.Output.TrimEnd('\n'));
        Assert.Contains($"Bash: {bash32} 3.2.48 (LAMBDA_BASH). Lambda's provided.al2023 runs bash 5.2", run.Error);
    }

    /// <summary>
    /// On Linux x64 `dotnet run` and LocalLambda start the package's native emulator (about five times faster to start);
    /// IDEs, which read RunCommand at evaluation, and other platforms run the IL one with `dotnet exec`.
    /// </summary>
    [LinuxFact("the SDK's native emulator is built for and runs on linux-x64")]
    public async Task On_linux_x64_dotnet_run_and_LocalLambda_start_the_native_emulator_and_IDEs_the_IL_one()
    {
        Assert.Equal("linux-x64", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("RunNative");
        Assert.Equal(0, (await templates.DotnetAsync(project, ["build", "-nologo"])).ExitCode);
        const string native = "/tools/emulator-linux-x64/Lambda.BashRuntime.Emulator";

        var runConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "obj", "lambda-function.json"))).RootElement;
        Assert.EndsWith(native, runConfig.GetProperty("EmulatorPath").GetString());
        var forRun = await templates.DotnetAsync(project, ["msbuild", "-t:ComputeRunArguments", "-getProperty:RunCommand", "-nologo"]);
        Assert.EndsWith(native, forRun.Output.Trim()); // one property: printed as it is
        var evaluated = await templates.DotnetAsync(project, ["msbuild", "-getProperty:RunArguments", "-nologo"]);
        Assert.StartsWith("exec \"", evaluated.Output.Trim());
        Assert.Contains("/tools/emulator/Lambda.BashRuntime.Emulator.dll\" --function-config", evaluated.Output);
    }

    [Fact]
    public async Task A_failing_handler_exits_non_zero_with_the_aws_error_json()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("RunFailing");
        var function = Path.Combine(project, "function.sh");
        File.WriteAllText(function, File.ReadAllText(function).Replace("  local event=\"$1\"\n", "  local event=\"$1\"\n  false\n"));

        var run = await templates.DotnetAsync(project, ["run", "--", "invoke", "--event", "events/hello.json"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("\"errorType\":\"HandlerError\"", run.Output);
        Assert.Contains("handler in function.sh exited with status 1", run.Output); // the project's file, not a temp copy
    }

    [Fact]
    public async Task Dotnet_run_invoke_piped_into_a_JSON_parser_gets_the_response_alone()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("RunPiped");
        var function = Path.Combine(project, "function.sh");
        File.WriteAllText(function, File.ReadAllText(function)
            .Replace("printf \"Echoing request: '%s'\\n\" \"$event\"", "printf '{\"echo\":%s}' \"$event\"", StringComparison.Ordinal));

        // No build first, no -v q: what a student types. The build, launch settings and log must all stay off stdout.
        var piped = await Command.RunAsync("bash",
            ["-c", "set -o pipefail; dotnet run -- invoke --event events/hello.json | python3 -c 'import json, sys; print(json.load(sys.stdin)[\"echo\"][\"text\"])'"],
            project, templates.Environment, TimeSpan.FromMinutes(3));

        Assert.True(piped.ExitCode == 0, piped.ToString());
        Assert.Equal("Hello\n", piped.Output);
        Assert.Contains("REPORT RequestId: ", piped.Error);
    }

    [Fact]
    public async Task A_save_under_dotnet_run_is_served_with_the_CodeSha256_that_dotnet_build_then_writes()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("RunReload");
        Assert.Equal(0, (await templates.DotnetAsync(project, ["build", "-nologo"])).ExitCode);
        var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "--", "--port", "0"]) { WorkingDirectory = project };
        foreach (var (name, value) in templates.Environment)
        {
            start.Environment[name] = value;
        }
        await using var serving = await EmulatorProcess.StartAsync(start, TimeSpan.FromSeconds(60)); // dotnet run passes the emulator's stderr on
        using var http = SignedHttp.Create(serving.Endpoint);
        var function = Path.Combine(project, "function.sh");

        File.WriteAllText(function, File.ReadAllText(function).Replace("Echoing request", "Echoing saved", StringComparison.Ordinal));
        await serving.WaitForLineAsync("Reloaded RunReload from its saved files", TimeSpan.FromSeconds(60));

        using var response = await http.PostAsync("2015-03-31/functions/RunReload/invocations", new StringContent("""{"text":"Hi"}"""));
        Assert.Equal("""Echoing saved: '{"text":"Hi"}'""", await response.Content.ReadAsStringAsync());
        using var served = JsonDocument.Parse(await http.GetStringAsync("2015-03-31/functions/RunReload"));
        Assert.Equal(0, (await templates.DotnetAsync(project, ["build", "-nologo"])).ExitCode);
        var built = Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(Path.Combine(project, "bin", "Debug", "function.zip"))));
        Assert.Equal(built, served.RootElement.GetProperty("Configuration").GetProperty("CodeSha256").GetString());
    }
}
