using System.Text;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.WebConsole;

namespace Lambda.BashRuntime.Tests.WebConsole;

public sealed class InvokeHistoryTests
{
    private static readonly FunctionDefinition Function = new()
    {
        FunctionName = "F", Region = "us-east-1", FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:F", Handler = "function.handler",
        CodeDirectory = "/tmp", RevisionId = "r1",
    };

    [Fact]
    public void History_keeps_the_last_100_invokes_newest_first()
    {
        var history = new InvokeHistory();
        var ids = new List<string>();
        for (var i = 0; i < 105; i++)
        {
            var invocation = new Invocation(Function, Function.FunctionArn, "{}"u8.ToArray());
            ids.Add(invocation.RequestId);
            history.Record(new InvokeCompleted(invocation, new InvokeOutcome(InvocationResult.Success("1"u8.ToArray()), []), "RequestResponse"));
        }

        var list = history.List();

        Assert.Equal(InvokeHistory.Capacity, list.Count);
        Assert.Equal(ids[^1], list[0].RequestId);
        Assert.Equal(ids[5], list[^1].RequestId);
        Assert.Null(history.Find(ids[4]));
    }

    [Fact]
    public void A_long_log_is_capped_at_64_KB_keeping_START_and_REPORT()
    {
        var log = "START RequestId: x\n" + new string('a', 500_000) + "\nREPORT RequestId: x\tDuration: 1.00 ms\t\n";

        var capped = InvokeHistory.Capped(Encoding.UTF8.GetBytes(log));

        Assert.True(Encoding.UTF8.GetByteCount(capped) < InvokeHistory.MaxTextBytes + 200);
        Assert.StartsWith("START RequestId: x", capped, StringComparison.Ordinal);
        Assert.EndsWith("REPORT RequestId: x\tDuration: 1.00 ms\t\n", capped, StringComparison.Ordinal);
        Assert.Contains("bytes left out: the console keeps 64 KB of each text", capped, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_000, 7)]
    [InlineData(70_000, 1)]
    [InlineData(70_000, 4_093)]
    [InlineData(300_000, 65_536)]
    public void A_streamed_answer_is_kept_as_any_text_is_whatever_its_chunks(int length, int chunkSize)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)('a' + (i * 7 % 26))).ToArray();
        var transcript = new StreamTranscript();
        for (var at = 0; at < length; at += chunkSize)
        {
            transcript.Append(bytes.AsSpan(at, Math.Min(chunkSize, length - at)));
        }

        Assert.Equal(length, transcript.Length);
        Assert.Equal(InvokeHistory.Capped(bytes), InvokeHistory.Capped(transcript));
    }

    [Fact]
    public void A_failure_keeps_its_errorType_errorMessage_and_the_qualifier_it_was_invoked_with()
    {
        var history = new InvokeHistory();
        var invocation = new Invocation(Function, Function.FunctionArn + ":live", "{}"u8.ToArray()) { Source = InvokeSource.Console };
        var error = """{"errorType":"HandlerError","errorMessage":"handler in function.sh exited with status 2"}""";
        var log = "START RequestId: x Version: $LATEST\nEND RequestId: x\n"
            + "REPORT RequestId: x\tDuration: 12.50 ms\tBilled Duration: 40 ms\tMemory Size: 128 MB\tMax Memory Used: 9 MB\tInit Duration: 27.25 ms\t\n";
        history.Record(new InvokeCompleted(invocation,
            new InvokeOutcome(new InvocationResult(Encoding.UTF8.GetBytes(error), "Unhandled", InvocationEnd.Answered), Encoding.UTF8.GetBytes(log)),
            "RequestResponse"));

        var entry = Assert.Single(history.List());
        Assert.Equal(("Failed", "Unhandled", "HandlerError", "handler in function.sh exited with status 2"),
            (entry.Status, entry.FunctionError, entry.ErrorType, entry.ErrorMessage));
        Assert.Equal(("live", InvokeSource.Console), (entry.Qualifier, entry.Source));
        Assert.Equal(new ReportFigures(12.5, 27.25, 40, 9), entry.Figures);
    }

    [Fact]
    public void The_figures_come_from_a_JSON_log_too_and_are_absent_without_a_report()
    {
        var json = """{"time":"2026-12-04T03:00:00.000Z","type":"platform.report","record":{"requestId":"x","metrics":{"durationMs":3.25,"billedDurationMs":4,"memorySizeMB":128,"maxMemoryUsedMB":11},"status":"success"}}""";

        Assert.Equal(new ReportFigures(3.25, null, 4, 11), ReportFigures.Read("{\"type\":\"platform.start\"}\n" + json + "\n"));
        Assert.Equal(ReportFigures.None, ReportFigures.Read("START RequestId: x\n[... 9 bytes left out ...]\n"));
    }

    [Fact]
    public async Task A_stream_that_breaks_after_some_chunks_is_kept_with_what_it_carried_and_the_error_its_trailers_named()
    {
        var stream = new ResponseStream("text/plain");
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in stream.Chunks.ReadAllAsync())
            {
                // the caller reads the chunks; the history keeps its own copy
            }
        });
        await stream.WriteAsync("partial "u8.ToArray());
        await stream.WriteAsync("answer"u8.ToArray());
        stream.Finish(new StreamEnd("StreamBroke", """{"errorType":"StreamBroke","errorMessage":"the source went away"}"""));
        await reading;
        var history = new InvokeHistory();
        var invocation = new Invocation(Function, Function.FunctionArn, "{}"u8.ToArray()) { StreamsToCaller = true };

        history.Record(new InvokeCompleted(invocation, new InvokeOutcome(InvocationResult.Streaming(stream), []), "RequestResponse"));

        var entry = Assert.Single(history.List());
        Assert.Equal(("partial answer", true), (entry.Response, entry.Streamed));
        Assert.Equal(("Failed", "Unhandled", "StreamBroke", "the source went away"),
            (entry.Status, entry.FunctionError, entry.ErrorType, entry.ErrorMessage));
    }
}
