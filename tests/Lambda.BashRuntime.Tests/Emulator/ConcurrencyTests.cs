using System.Net;
using Lambda.BashRuntime.Tests.Emulator.Infrastructure;
using static Lambda.BashRuntime.Tests.Emulator.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>Several clients at once against real runtimes: each gets its own answer, environments are reused.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new();
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 8);
        _emulator.Host.AddFunction("HelloBash", _folder.Code);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
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

    [Fact]
    public async Task Shutdown_leaves_no_runtime_process_behind()
    {
        using (var response = await _emulator.InvokeAsync("HelloBash", Utf8("{}")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var pids = _emulator.Host.Services.GetPool().Environments().Select(e => e.Process!.Id).ToList();
        Assert.NotEmpty(pids);

        await _emulator.Host.StopAsync();

        Assert.All(pids, pid => Assert.True(FailureTests.ProcessIsGone(pid), $"runtime {pid} still running"));
        Assert.False(Directory.Exists(_emulator.Host.Paths.Scratch));
    }
}
