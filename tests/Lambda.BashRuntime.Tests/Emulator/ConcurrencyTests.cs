using System.Net;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>Several clients at once against real runtimes: each gets its own answer, environments are reused.</summary>
[Trait("Category", TestBash.Category)]
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new(true, ("special.sh", Handlers.Special));
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 8);
        _emulator.Host.AddFunction("HelloBash", _folder.Code);
        _emulator.Host.AddFunction("special", _folder.Code, handler: "special.handler",
            environment: new Dictionary<string, string> { ["TEST_OUT"] = _folder.Output });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [ScriptFact]
    public async Task Eight_clients_invoking_at_once_each_get_their_own_answer()
    {
        for (var round = 0; round < 3; round++)
        {
            var payloads = Enumerable.Range(0, 8).Select(i => Utf8($$"""{"client":{{i}},"round":{{round}}}""")).ToArray();
            var responses = await Task.WhenAll(payloads.Select(p => _emulator.InvokeAsync("HelloBash", p)));
            for (var i = 0; i < payloads.Length; i++)
            {
                Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
                Assert.Equal(Echo(payloads[i]), await responses[i].Content.ReadAsByteArrayAsync());
                responses[i].Dispose();
            }
        }
        var environments = _emulator.Host.Services.GetPool().Environments();
        Assert.InRange(environments.Count, 1, 8);
    }

    [ScriptFact]
    public async Task Runtimes_crashing_among_concurrent_invokes_fail_only_their_own_invoke()
    {
        for (var round = 0; round < 2; round++)
        {
            var payloads = Enumerable.Range(0, 8)
                .Select(i => Utf8(i % 3 == 0 ? $$"""{"do":"kill","n":{{i}}}""" : $$"""{"n":{{i}},"round":{{round}}}"""))
                .ToArray();
            var responses = await Task.WhenAll(payloads.Select(p => _emulator.InvokeAsync("special", p)));
            for (var i = 0; i < payloads.Length; i++)
            {
                Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
                if (i % 3 == 0)
                {
                    var (type, message) = await ReadErrorAsync(responses[i]);
                    Assert.Equal("Runtime.ExitError", type);
                    Assert.StartsWith($"RequestId: {Header(responses[i], "X-Amzn-RequestId")} ", message);
                }
                else
                {
                    Assert.Null(Header(responses[i], "X-Amz-Function-Error"));
                    Assert.Equal("ok " + System.Text.Encoding.UTF8.GetString(payloads[i]), await responses[i].Content.ReadAsStringAsync());
                }
                responses[i].Dispose();
            }
        }
    }

    [ScriptFact(LinuxOnlyBecause = "it reads the runtimes' states in /proc")]
    public async Task Shutdown_leaves_no_runtime_process_behind()
    {
        using (var response = await _emulator.InvokeAsync("HelloBash", Utf8("{}")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var pids = _emulator.Host.Services.GetPool().Environments().Select(e => e.Process!.Id).ToList();
        Assert.NotEmpty(pids);

        await _emulator.Host.StopAsync();

        Assert.All(pids, pid => Assert.True(HostProcesses.IsGone(pid), $"runtime {pid} still running"));
        Assert.False(Directory.Exists(_emulator.Host.Paths.Scratch));
    }
}
