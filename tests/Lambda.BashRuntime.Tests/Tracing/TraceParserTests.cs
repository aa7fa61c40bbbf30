using Lambda.BashRuntime.Emulator.Tracing;

namespace Lambda.BashRuntime.Tests.Tracing;

/// <summary>What the bootstrap's trace file holds, read back (bash's own output on each version is in HandlerTraceTests).</summary>
public sealed class TraceParserTests
{
    [Fact]
    public void Bootstrap_lines_are_left_out_times_become_elapsed_microseconds_and_a_multi_line_value_stays_one_variable()
    {
        var trace = TraceParser.Parse("""
            #lambda-trace:before
            declare -- EVENT="{}"
            ++(bootstrap:140:emulator_trace_on:1700000000,000100) set -xET
            ++(function.sh:3:handler:1700000000,000200) local event=x
            +++(function.sh:4:handler:1700000000,001200) printf '%s\n' 'two
            lines'
            ++(function.sh:1:handler:1700000000,001300) emulator_trace_variables 'exit 0'
            #lambda-trace:exit 0
            declare -- EVENT="{}"
            declare -- text="a
            b"
            declare -- _="x"

            """.Replace("\r", ""));

        Assert.Equal(0, trace.ExitStatus);
        Assert.True(trace.HasTimes);
        Assert.Equal(["command", "command", "output"], trace.Steps.Select(s => s.Kind));
        Assert.Equal([0L, 1000L], trace.Steps.Take(2).Select(s => s.ElapsedMicroseconds!.Value)); // a comma as the point
        Assert.Equal(3, trace.Steps[1].Depth);
        Assert.Equal("lines'", trace.Steps[2].Text);
        var variable = Assert.Single(trace.Variables); // EVENT unchanged, _ is bash's own
        Assert.Equal("declare -- text=\"a\nb\"", variable.Declaration);
        Assert.Null(trace.FailedStep);
    }

    [Fact]
    public void A_failure_marks_the_last_command_and_prefers_the_variables_where_it_failed()
    {
        var trace = TraceParser.Parse(string.Join('\n',
            "#lambda-trace:before",
            "++(function.sh:2:handler:) local n=0",
            "++(function.sh:3:handler:) false",
            "#lambda-trace:error 1",
            "declare -- n=\"0\"",
            "#lambda-trace:error 1",
            "#lambda-trace:exit 1",
            ""));

        Assert.False(trace.HasTimes);
        Assert.Null(trace.Steps[0].ElapsedMicroseconds);
        Assert.Equal(1, trace.FailedStep);
        Assert.Equal("declare -- n=\"0\"", Assert.Single(trace.Variables).Declaration);
    }

    [Fact]
    public void A_runtime_stopped_mid_handler_has_no_exit_status_and_no_failed_mark()
    {
        var trace = TraceParser.Parse("++(function.sh:2:handler:) sleep 10\n");

        Assert.Null(trace.ExitStatus);
        Assert.Null(trace.FailedStep);
        Assert.Single(trace.Steps);
    }
}
