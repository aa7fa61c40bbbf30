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
}
