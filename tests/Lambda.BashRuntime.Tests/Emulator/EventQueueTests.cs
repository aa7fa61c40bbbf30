using System.Net;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// Event invokes: queued on disk, bounded, run on at most half the slots so RequestResponse invokes are never starved,
/// and what happens to those still queued at shutdown is said aloud. Two slots, at most four queued events.
/// </summary>
public sealed class EventQueueTests : IAsyncLifetime
{
    private const int Bound = 4;
    private readonly FunctionFolder _folder = new(true, ("hostile.sh", Hostile));
    private readonly CapturedMessages _messages = new();
    private TestEmulator _emulator = null!;

    private string QueueFolder => Path.Combine(_emulator.Host.Paths.StateDirectory, "events");

    private string Ran => Path.Combine(_folder.Output, "ran.txt");

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2,
            services: s => s.AddSingleton<ILoggerProvider>(_messages),
            configure: o =>
            {
                o.MaxQueuedEvents = Bound;
                o.SandboxWritableFolders = [_folder.Output]; // where the hostile handler records the events it ran
            });
        _emulator.Host.AddFunction("hostile", _folder.Code, handler: "hostile.handler", timeoutSeconds: 10,
            environment: new Dictionary<string, string> { ["TEST_OUT"] = _folder.Output });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task RequestResponse_invokes_are_answered_while_a_queue_of_slow_events_waits()
    {
        for (var i = 0; i < Bound; i++)
        {
            using var accepted = await _emulator.InvokeAsync("hostile", Utf8($$"""{"do":"sleep","n":{{i}}}"""), invocationType: "Event");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            using var answered = await _emulator.InvokeAsync("hostile", Utf8("""{"do":"now"}"""));
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Equal("""done {"do":"now"}""", await answered.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_Event_past_the_bound_is_429_naming_the_limit()
    {
        for (var i = 0; i < Bound; i++)
        {
            using var accepted = await _emulator.InvokeAsync("hostile", Utf8("""{"do":"sleep"}"""), invocationType: "Event");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var refused = await _emulator.InvokeAsync("hostile", Utf8("""{"do":"sleep"}"""), invocationType: "Event");

        await InvokeApiTests.AssertAwsErrorAsync(refused, HttpStatusCode.TooManyRequests, "TooManyRequestsException",
            "Too many queued Event invokes: the local emulator keeps at most 4 Event invokes waiting or running. Retry after some have run, or invoke with --invocation-type RequestResponse.");
    }

    [Fact]
    public async Task Queued_events_wait_on_disk_with_their_payload_and_leave_once_run()
    {
        var payloads = Enumerable.Range(0, 3).Select(i => $$"""{"do":"sleep","n":{{i}}}""").ToList();
        foreach (var payload in payloads)
        {
            using var accepted = await _emulator.InvokeAsync("hostile", Utf8(payload), invocationType: "Event");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var files = Directory.GetFiles(QueueFolder, "*.event");
        Assert.InRange(files.Length, 2, 3); // the first may have run already
        Assert.All(files, file => Assert.Contains(Eventually.Utf8(File.ReadAllBytes(file)).Split('\n', 2)[1], payloads));

        await Eventually.WaitUntilAsync(() => Directory.GetFiles(QueueFolder, "*.event").Length == 0, "the queue drained");
        Assert.Equal(payloads, File.ReadAllLines(Ran)); // in arrival order, one at a time (one slot of two for events)
    }

    [Fact]
    public async Task Shutdown_without_a_state_dir_says_how_many_queued_events_are_dropped()
    {
        for (var i = 0; i < Bound; i++)
        {
            using var accepted = await _emulator.InvokeAsync("hostile", Utf8("""{"do":"sleep"}"""), invocationType: "Event");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        await Eventually.WaitUntilAsync(() => _emulator.Host.Services.GetPool().Environments().Count == 1, "the first event started");

        await _emulator.Host.StopAsync();

        Assert.Contains(
            "3 queued Event invoke(s) dropped at shutdown: without --state-dir the queue is not kept. Start with --state-dir DIR to keep queued events across restarts.",
            _messages.Text);
        Assert.Single(File.ReadAllLines(Ran)); // the one running finished
    }
}
