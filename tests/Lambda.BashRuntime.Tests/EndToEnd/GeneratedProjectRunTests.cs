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
        // -v q: dotnet run then prints nothing of its own ("Using launch settings..."), only the response.
        var fromFile = await templates.DotnetAsync(project, ["run", "--no-build", "-v", "q", "--", "invoke", "--event", "events/hello.json"]);
        var inline = await templates.DotnetAsync(project, ["run", "--no-build", "-v", "q", "--", "invoke", "--payload", """{"text":"two  spaces\tand a *"}"""]);

        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.Equal("""Echoing request: '{"text":"Hello"}'""", fromFile.Output.TrimEnd('\n'));
        Assert.Matches(@"START RequestId: [0-9a-f-]{36} Version: \$LATEST", fromFile.Error);
        Assert.Contains("""{"text":"Hello"}""", fromFile.Error); // function.sh logs the event to stderr
        Assert.Matches(@"REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9.]+ ms", fromFile.Error);
        Assert.True(inline.ExitCode == 0, inline.ToString());
        Assert.Equal("""Echoing request: '{"text":"two  spaces\tand a *"}'""", inline.Output.TrimEnd('\n'));
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
}
