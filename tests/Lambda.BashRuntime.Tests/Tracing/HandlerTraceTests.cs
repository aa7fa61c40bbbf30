using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Tracing;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Testing;
using Lambda.BashRuntime.Tests.Infrastructure;
using Lambda.BashRuntime.Tests.WebConsole;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.Tracing;

/// <summary>
/// The handler trace (invoke --trace, the console's Trace box) through the template's real bootstrap, under whichever
/// bash this run is for (LAMBDA_BASH: 3.2.48 and 4.2.45 in eng/test.sh's passes): what it shows, and that an invoke
/// without it runs exactly as before.
/// </summary>
[Trait("Category", TestBash.Category)]
public sealed class HandlerTraceTests : IAsyncLifetime
{
    private const string FailingHandler = """
        handler() {
          local event="$1" attempts=0
          attempts=$((attempts + 1))
          STAGE="parsing"
          printf 'checking\n' >&2
          grep -q '"text"' <<<"$event"
          printf 'done\n'
        }
        """;

    private ConsoleSession _session = null!;

    public async Task InitializeAsync() => _session = await ConsoleSession.StartAsync();

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [ScriptFact]
    public async Task A_traced_failing_handler_gives_each_command_with_file_line_function_the_failing_one_and_its_locals()
    {
        _session.UpdateFunctionScript(FailingHandler);

        var (outcome, trace) = await InvokeAsync("""{"other":1}""", trace: true);

        Assert.True(outcome.Result!.IsError);
        Assert.Equal(1, trace.ExitStatus);
        var commands = trace.Steps.Where(s => s.Kind == "command").ToList();
        Assert.Equal([2, 3, 4, 5, 6], commands.Select(s => s.Line));
        Assert.All(commands, s => Assert.Equal(("function.sh", "handler"), (s.File, s.Function)));
        Assert.Equal("attempts=1", commands[1].Text);
        Assert.StartsWith("grep -q", trace.Steps[trace.FailedStep!.Value].Text);
        Assert.Equal(6, trace.Steps[trace.FailedStep!.Value].Line);
        Assert.Contains(trace.Variables, v => v.Declaration == "declare -- STAGE=\"parsing\"");
        Assert.Contains(trace.Variables, v => v.Declaration == "declare -- attempts=\"1\""); // a local, where it failed
        Assert.DoesNotContain(trace.Variables, v => v.Name is "HANDLER_FUNCTION" or "EVENT" or "PATH"); // unchanged by it
        var bash = TestBash.Current;
        Assert.Equal(bash.Major >= 5, trace.HasTimes); // EPOCHREALTIME is bash 5.0+
        if (trace.HasTimes)
        {
            Assert.Equal(0, commands[0].ElapsedMicroseconds);
            Assert.True(commands[^1].ElapsedMicroseconds >= commands[1].ElapsedMicroseconds);
        }
        // Its stderr: in the log where bash has BASH_XTRACEFD (4.1+); bash 3.2 can trace only to stderr, so there it
        // is in the trace, in place.
        var log = Encoding.UTF8.GetString(outcome.Log);
        var inTrace = trace.Steps.Any(s => s is { Kind: "output", Text: "checking" });
        Assert.Equal(bash.Major * 100 + bash.Minor >= 401, log.Contains("checking\n", StringComparison.Ordinal));
        Assert.Equal(bash.Major * 100 + bash.Minor < 401, inTrace);
        Assert.DoesNotContain("+(", log, StringComparison.Ordinal); // no trace line in the log
    }

    [ScriptFact]
    public async Task A_handler_that_returns_shows_its_locals_as_it_returned_and_its_answer_is_unchanged()
    {
        var (outcome, trace) = await InvokeAsync("""{"text":"Hello"}""", trace: true);

        Assert.Equal("Echoing request: '{\"text\":\"Hello\"}'", Encoding.UTF8.GetString(outcome.Result!.Payload));
        Assert.Equal(0, trace.ExitStatus);
        Assert.Null(trace.FailedStep);
        // The template's function.sh: the handler's three commands, wherever its comments put them.
        var lines = File.ReadAllLines(RepoPaths.FunctionScript);
        int[] expected = [.. new[] { "local event=", "printf '%s\\n' \"$event\" >&2", "printf \"Echoing request:" }
            .Select(command => Array.FindIndex(lines, l => l.TrimStart().StartsWith(command, StringComparison.Ordinal)) + 1)];
        Assert.DoesNotContain(0, expected);
        Assert.Equal(expected, trace.Steps.Where(s => s.Kind == "command").Select(s => s.Line));
        Assert.Contains(trace.Variables, v => v.Declaration == "declare -- event=\"{\\\"text\\\":\\\"Hello\\\"}\"");
    }

    [ScriptFact]
    public async Task An_untraced_invoke_gets_no_trace_header_and_runs_with_xtrace_off_and_no_trace_file()
    {
        _session.UpdateFunctionScript("""
            handler() {
              printf '%s|%s|%s' "$-" "${PS4-}" "${EMULATOR_TRACE-unset}"
            }
            """);

        var invocation = new Invocation(_session.Host.Registry().Find(ConsoleSession.FunctionName)!, "arn", "{}"u8.ToArray());
        var outcome = await _session.Host.Invoker.InvokeAsync(invocation);

        var answer = Encoding.UTF8.GetString(outcome.Result!.Payload).Split('|');
        Assert.DoesNotContain('x', answer[0]); // no xtrace
        Assert.Equal("+ ", answer[1]); // bash's own PS4
        Assert.Equal("", answer[2]); // the header was not sent: the bootstrap's variable stays empty
        Assert.Null(invocation.TraceFile);
        Assert.Empty(Directory.EnumerateFiles(TraceFile.FolderIn(_session.Host.Paths.Scratch), "*", SearchOption.AllDirectories));
    }

    [ScriptFact]
    public async Task LocalLambda_with_Trace_returns_the_trace_and_without_it_none()
    {
        using var folder = new FunctionFolder(true, ("function.sh", FailingHandler));
        var config = WriteRunConfig(folder);
        File.WriteAllText(config, File.ReadAllText(config).Replace("}", $",\"EmulatorPath\":{JsonSerializer.Serialize(typeof(EmulatorHost).Assembly.Location)}}}"));
        Directory.CreateDirectory(Path.Combine(folder.Output, "obj"));
        File.Move(config, Path.Combine(folder.Output, "obj", "lambda-function.json"));
        await using var lambda = await LocalLambda.StartAsync(folder.Output);

        var plain = await lambda.InvokeAsync("""{"other":1}""");
        lambda.Trace = true;
        var traced = await lambda.InvokeAsync("""{"other":1}""");

        Assert.Null(plain.Trace);
        Assert.Equal("Unhandled", traced.FunctionError);
        Assert.Matches(@"\n> function\.sh:6 handler +(\+\d+ +)?grep -q", traced.Trace);
        Assert.Contains("declare -- STAGE=\"parsing\"", traced.Trace);
        Assert.Equal(plain.Payload, traced.Payload); // the answer is the same, traced or not
    }

    [ScriptFact]
    public async Task Invoke_with_trace_writes_the_trace_to_stderr_after_the_log_and_leaves_stdout_the_answer()
    {
        using var folder = new FunctionFolder(true, ("function.sh", FailingHandler));
        var config = WriteRunConfig(folder);

        using var process = Process.Start(EmulatorProcess.Command(typeof(EmulatorHost).Assembly.Location,
            ["--function-config", config, "invoke", "--payload", """{"other":1}""", "--trace", "--trace-variables"]))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith("{\"errorType\":\"HandlerError\"", await stdout);
        var text = await stderr;
        Assert.True(text.IndexOf("REPORT RequestId:", StringComparison.Ordinal) < text.IndexOf("TRACE (", StringComparison.Ordinal), text);
        Assert.Matches(@"\n> function\.sh:6 handler +(\+\d+ +)?grep -q", text);
        Assert.Contains("TRACE END: the handler exited with status 1 at the command marked >", text);
        Assert.Contains("  declare -- STAGE=\"parsing\"", text);
    }

    /// <summary>function.zip of the folder's code and the run config `dotnet build` writes for it; returns the config's path.</summary>
    private static string WriteRunConfig(FunctionFolder folder)
    {
        var zip = Path.Combine(folder.Output, "function.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "bootstrap", "function.sh" })
            {
                archive.CreateEntryFromFile(Path.Combine(folder.Code, name), name).ExternalAttributes = unchecked((int)(0b1_000_000_111_101_101u << 16));
            }
        }
        var config = Path.Combine(folder.Output, "function.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new { FunctionName = "Traced", Handler = "function.handler", PackageZip = zip }));
        return config;
    }

    private async Task<(InvokeOutcome Outcome, HandlerTrace Trace)> InvokeAsync(string payload, bool trace)
    {
        var function = _session.Host.Registry().Find(ConsoleSession.FunctionName)!;
        var invocation = new Invocation(function, function.FunctionArn, Encoding.UTF8.GetBytes(payload)) { Trace = trace };
        var outcome = await _session.Host.Invoker.InvokeAsync(invocation);
        var entry = _session.Host.Services.GetRequiredService<InvokeHistory>().Find(invocation.RequestId)!;
        Assert.Equal("function.sh", Assert.Single(entry.TraceSources!).Key); // the console shows the lines it ran
        return (outcome, entry.Trace!);
    }
}

internal static class HostRegistry
{
    public static FunctionRegistry Registry(this EmulatorHost host) => host.Services.GetRequiredService<FunctionRegistry>();
}
