using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// update-function-code while clients invoke: each revision is unpacked into its own folder and switched to once
/// whole, invokes and environments keep the revision they started with, and old folders go once nobody runs them;
/// an environment nothing can reuse any more (its revision replaced, its function deleted) goes at once, /tmp and all.
/// </summary>
public sealed partial class CodeSwapTests : IAsyncLifetime, IDisposable
{
    private const int Clients = 4;
    private const int Updates = 20;
    private readonly TempFolder _folder = new();
    private TestEmulator _emulator = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(new() { WorkDirectory = _folder.Sub("work") }, maxConcurrency: 2 * Clients);
        _api = new LambdaApi(_emulator.Http, "us-east-1");
        var created = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = "swapped",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = "whole.handler",
            Code = new { ZipFile = Package(0) },
        });
        await ServiceModel.AssertOutputAsync("CreateFunction", created);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Invokes_during_repeated_updates_each_answer_from_one_whole_revision()
    {
        var answers = new ConcurrentBag<string>();
        var updating = true;
        var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref updating))
            {
                using var response = await _emulator.InvokeAsync("swapped", Utf8("{}"));
                var body = await response.Content.ReadAsStringAsync();
                answers.Add($"{(int)response.StatusCode} {Header(response, "X-Amz-Function-Error") ?? "-"} {body}");
            }
        })).ToList();
        for (var revision = 1; revision <= Updates; revision++)
        {
            await ServiceModel.AssertOutputAsync("UpdateFunctionCode",
                await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/swapped/code", new { ZipFile = Package(revision) }));
        }
        Volatile.Write(ref updating, false);
        await Task.WhenAll(clients);

        Assert.NotEmpty(answers);
        Assert.All(answers, answer => Assert.Matches(WholeRevision(), answer));

        // Every old revision's folder goes once no environment runs it (idle ones are stopped after the update).
        var functionFolder = Path.Combine(_folder.Path, "work", "functions", "swapped");
        var current = _emulator.Registry.Find("swapped")!.RevisionId;
        await Eventually.WaitUntilAsync(
            () => Directory.GetDirectories(functionFolder).Select(Path.GetFileName).SequenceEqual([current]),
            "only the current revision's folder is left");
    }

    [BwrapFact]
    public async Task A_deleted_functions_tmp_is_removed_at_once()
    {
        await WriteTmpAsync();

        using var deleted = await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/swapped");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await Eventually.WaitUntilAsync(() => Directory.GetDirectories(TmpFolders).Length == 0, "the idle environment's /tmp removed");
    }

    [BwrapFact]
    public async Task A_replaced_revisions_tmp_is_removed_at_once()
    {
        await WriteTmpAsync();

        await ServiceModel.AssertOutputAsync("UpdateFunctionCode",
            await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/swapped/code", new { ZipFile = Package(1) }));

        await Eventually.WaitUntilAsync(
            () => Directory.GetDirectories(TmpFolders).Length == 0 && _emulator.Host.Services.GetPool().Environments().All(e => e.IsRetired),
            "the idle environment retired and its /tmp removed, with no invoke needing its slot");
    }

    private string TmpFolders => Path.Combine(_emulator.Host.Paths.Scratch, "tmp");

    /// <summary>One invoke whose handler leaves 1 MB in its /tmp; the environment stays warm (idle).</summary>
    private async Task WriteTmpAsync()
    {
        using var response = await _emulator.InvokeAsync("swapped", Utf8("{}"));
        Assert.Matches(WholeRevision(), $"{(int)response.StatusCode} - {await response.Content.ReadAsStringAsync()}");
        var tmp = Assert.Single(Directory.GetDirectories(TmpFolders));
        Assert.Equal(1 << 20, new FileInfo(Path.Combine(tmp, "left-behind")).Length);
    }

    /// <summary>A package whose five files all hold the revision: the handler prints them all.</summary>
    private static byte[] Package(int revision)
        => TestZips.Create(
        [
            TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
            TestZips.File("function.sh", File.ReadAllBytes(RepoPaths.FunctionScript), TestZips.Executable),
            TestZips.File("whole.sh", "handler() { head -c 1048576 /dev/zero >/tmp/left-behind; cat a b c d e | tr '\\n' ' '; }\n",
                TestZips.Executable),
            .. "abcde".Select(name => TestZips.File(name.ToString(), $"r{revision}\n")),
        ]);

    // 200, no function error, five times the same revision.
    [GeneratedRegex(@"^200 - (r\d+) (\1 ){4}$")]
    private static partial Regex WholeRevision();
}
