using System.Net;
using Lambda.BashRuntime.Emulator.Events;
using Lambda.BashRuntime.Emulator.Processes;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// Event invokes within the function's reserved concurrency, as Lambda runs its asynchronous queue: past the
/// reservation an event is throttled and tried again later (1 s, doubling), never run beside the others; with 0 it
/// waits until the reservation allows it (or it is older than MaximumEventAgeInSeconds). The test plays the runtime;
/// four slots, so the dispatcher could run two events at once.
/// </summary>
public sealed class EventConcurrencyTests : IAsyncLifetime
{
    private readonly ScriptedRuntime _runtime = new();
    private readonly CapturedMessages _messages = new();
    private TestEmulator _emulator = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 4,
            services: services =>
            {
                services.AddSingleton<IRuntimeLauncher>(_runtime);
                services.AddSingleton<ILoggerProvider>(_messages);
            });
        _api = new LambdaApi(_emulator.Http, "us-east-1");
        await _api.CreateFunctionAsync("reserved", TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable)));
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task With_reserved_concurrency_1_two_events_run_one_after_the_other_in_one_environment()
    {
        await ReserveAsync(1);
        for (var n = 1; n <= 2; n++)
        {
            using var accepted = await _emulator.InvokeAsync("reserved", Utf8($$"""{"n":{{n}}}"""), invocationType: "Event");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var first = await _runtime.NextLaunchAsync();
        using var firstEvent = await first.NextAsync();
        // While it runs, the other event is throttled: no second environment is started for it.
        Assert.Null(await LaunchWithinAsync(TimeSpan.FromSeconds(2)));
        Assert.Contains("throttled (reserved concurrency 1 in use)", _messages.Text);
        (await first.PostAsync($"invocation/{Header(firstEvent, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("1"))).Dispose();

        using var secondEvent = await first.NextAsync(); // the same environment takes it, once the first is done
        var payloads = new[] { await firstEvent.Content.ReadAsStringAsync(), await secondEvent.Content.ReadAsStringAsync() };
        Assert.Equal(["""{"n":1}""", """{"n":2}"""], payloads.Order());
        (await first.PostAsync($"invocation/{Header(secondEvent, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("2"))).Dispose();
        var queue = _emulator.Host.Services.GetRequiredService<EventQueue>();
        await Eventually.WaitUntilAsync(() => queue.Count == 0, "both events done");
    }

    [Fact]
    public async Task With_reserved_concurrency_0_an_event_is_kept_and_runs_once_the_reservation_is_removed()
    {
        await ReserveAsync(0);
        using var accepted = await _emulator.InvokeAsync("reserved", Utf8("""{"n":0}"""), invocationType: "Event");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode); // queued as Lambda queues it; a RequestResponse invoke is 429

        var launch = _runtime.NextLaunchAsync(); // one read of the launches at a time: this one is awaited below
        Assert.NotSame(launch, await Task.WhenAny(launch, Task.Delay(TimeSpan.FromSeconds(2))));
        var queue = _emulator.Host.Services.GetRequiredService<EventQueue>();
        Assert.Equal(1, queue.Count);
        Assert.Contains("throttled (reserved concurrency 0 in use)", _messages.Text);

        await ServiceModel.AssertOutputAsync("DeleteFunctionConcurrency",
            await _api.SendAsync(HttpMethod.Delete, "/2017-10-31/functions/reserved/concurrency"));
        var runtime = await launch;
        using var next = await runtime.NextAsync();
        Assert.Equal("""{"n":0}""", await next.Content.ReadAsStringAsync());
        Assert.Equal(Header(accepted, "X-Amzn-RequestId"), Header(next, "Lambda-Runtime-Aws-Request-Id"));
        (await runtime.PostAsync($"invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Utf8("0"))).Dispose();
        await Eventually.WaitUntilAsync(() => queue.Count == 0, "the event done");
    }

    private async Task ReserveAsync(int reserved)
        => await ServiceModel.AssertOutputAsync("PutFunctionConcurrency",
            await _api.SendAsync(HttpMethod.Put, "/2017-10-31/functions/reserved/concurrency", new { ReservedConcurrentExecutions = reserved }));

    /// <summary>The runtime the emulator starts within <paramref name="wait"/>, or null when it starts none (then the read stays pending).</summary>
    private async Task<ScriptedRuntime.FakeProcess?> LaunchWithinAsync(TimeSpan wait)
    {
        var launch = _runtime.NextLaunchAsync();
        var first = await Task.WhenAny(launch, Task.Delay(wait));
        return first == launch ? await launch : null;
    }
}
