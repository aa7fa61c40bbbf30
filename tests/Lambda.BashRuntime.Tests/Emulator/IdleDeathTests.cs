using System.Net;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// Runtimes that end between invokes, when no invoke holds their environment: each such death retires the
/// environment at once, so with every slot's runtime gone the next invokes (of any function, Event ones too) are
/// served, not throttled. Three slots, three functions, so every slot is filled by an environment that then dies.
/// </summary>
public sealed class IdleDeathTests : IAsyncLifetime
{
    private const int Slots = 3;
    private readonly FunctionFolder _folder = new();
    private readonly ScriptedRuntime _runtime = new();
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: Slots, services:
            services => services.AddSingleton<IRuntimeLauncher>(_runtime));
        for (var i = 0; i <= Slots; i++)
        {
            _emulator.Host.AddFunction($"f{i}", _folder.Code, timeoutSeconds: 5);
        }
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Runtimes_that_exit_after_answering_free_their_slots_for_any_function_and_Event_invokes()
    {
        await FillEverySlotThenAsync(runtime => runtime.Exit(0));

        using (var served = await InvokeAnsweredAsync($"f{Slots}"))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }
        using var accepted = await _emulator.InvokeAsync("f0", Utf8("{}"), invocationType: "Event");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runtime = await _runtime.NextLaunchAsync(); // the Event invoke runs: it found a slot
        using var next = await runtime.NextAsync();
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Runtimes_killed_while_idle_free_their_slots()
    {
        await FillEverySlotThenAsync(runtime => runtime.Exit(137)); // kill -9 from outside: 128 + SIGKILL

        using var served = await InvokeAnsweredAsync($"f{Slots}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Runtimes_that_crash_at_init_free_their_slots()
    {
        for (var i = 0; i < Slots; i++)
        {
            var invoke = _emulator.InvokeAsync($"f{i}", Utf8("{}"));
            var runtime = await _runtime.NextLaunchAsync();
            runtime.Exit(1); // before its first /next
            using var failed = await invoke;
            Assert.Equal("Runtime.ExitError", (await ReadErrorAsync(failed)).ErrorType);
        }
        Assert.All(_emulator.Host.Services.GetPool().Environments(), e => Assert.True(e.IsRetired));

        using var served = await InvokeAnsweredAsync($"f{Slots}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    /// <summary>One answered invoke per slot (one function each), then each runtime ends by <paramref name="end"/>.</summary>
    private async Task FillEverySlotThenAsync(Action<ScriptedRuntime.FakeProcess> end)
    {
        var runtimes = new List<ScriptedRuntime.FakeProcess>();
        for (var i = 0; i < Slots; i++)
        {
            var invoke = _emulator.InvokeAsync($"f{i}", Utf8("{}"));
            var runtime = await _runtime.NextLaunchAsync();
            await AnswerAsync(runtime);
            using var answered = await invoke;
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            runtimes.Add(runtime);
        }
        var environments = _emulator.Host.Services.GetPool().Environments();
        Assert.Equal(Slots, environments.Count);
        Assert.All(environments, e => Assert.Equal(EnvironmentState.Idle, e.State));
        runtimes.ForEach(end);
        await Task.WhenAll(runtimes.Select(r => r.Exited)); // the emulator sees each exit through this task
        while (environments.Any(e => e.State == EnvironmentState.Idle)) // and then marks it, on the thread pool
        {
            await Task.Delay(10);
        }
    }

    private async Task<HttpResponseMessage> InvokeAnsweredAsync(string functionName)
    {
        var invoke = _emulator.InvokeAsync(functionName, Utf8("{}"));
        var launched = _runtime.NextLaunchAsync();
        if (await Task.WhenAny(invoke, launched) == invoke)
        {
            return await invoke; // throttled: no runtime was started
        }
        await AnswerAsync(await launched);
        return await invoke;
    }

    private static async Task AnswerAsync(ScriptedRuntime.FakeProcess runtime)
    {
        using var next = await runtime.NextAsync();
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id")!;
        using var answer = await runtime.PostAsync($"invocation/{requestId}/response", Utf8("\"ok\""));
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
    }
}
