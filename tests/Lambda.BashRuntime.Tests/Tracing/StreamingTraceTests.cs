using System.Text;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Tests.Infrastructure;
using Lambda.BashRuntime.Tests.WebConsole;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.Tracing;

/// <summary>
/// The handler trace of a handler that streams its answer (stream_response): the bootstrap's streaming hooks take over
/// the subshell's EXIT trap, so they must still write the trace's end, and keep their own forwarding out of it.
/// </summary>
[Trait("Category", TestBash.Category)]
public sealed class StreamingTraceTests : IAsyncLifetime
{
    private const string StreamingHandler = """
        handler() {
          stream_response text/plain
          local count=2
          echo "one"
          echo "two $count"
        }
        """;

    private ConsoleSession _session = null!;

    public async Task InitializeAsync() => _session = await ConsoleSession.StartAsync();

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [ScriptFact]
    public async Task A_traced_streaming_handler_answers_its_lines_and_its_trace_ends_with_its_exit()
    {
        _session.UpdateFunctionScript(StreamingHandler);
        var function = _session.Host.Registry().Find(ConsoleSession.FunctionName)!;
        var invocation = new Invocation(function, function.FunctionArn, "{}"u8.ToArray()) { Trace = true };

        var outcome = await _session.Host.Invoker.InvokeAsync(invocation);

        Assert.False(outcome.Result!.IsError, Encoding.UTF8.GetString(outcome.Result.Payload));
        Assert.Equal("one\ntwo 2\n", Encoding.UTF8.GetString(outcome.Result.Payload)); // gathered: Invoke does not stream
        var trace = _session.Host.Services.GetRequiredService<InvokeHistory>().Find(invocation.RequestId)!.Trace!;
        Assert.Equal(0, trace.ExitStatus);
        Assert.Equal([2, 3, 4, 5], trace.Steps.Where(s => s.Kind == "command" && s.File == "function.sh").Select(s => s.Line));
        Assert.Contains(trace.Variables, v => v.Declaration == "declare -- count=\"2\"");
        Assert.DoesNotContain(trace.Steps, s => s.Function == "_stream_forward"); // the bootstrap's forwarding is not the handler's
    }
}
