using System.Threading.Channels;
using Lambda.BashRuntime.Emulator.Functions;
using Microsoft.Extensions.Hosting;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// Server-Sent Events for the console's page: "functions" when a function is created, changed (a rebuild, a save) or
/// deleted, or when an invoke ends (its warm environments changed); "history" with the id of a new history entry;
/// "events" when the project's events/*.json change.
/// The page fetches what changed. Each open page has a small queue; a page that does not keep up misses nothing
/// important (the next event makes it fetch the current state).
/// </summary>
public sealed class ConsoleFeed : IDisposable
{
    private readonly object _gate = new();
    private readonly List<Channel<string>> _subscribers = [];

    private readonly FileSystemWatcher? _events;

    public ConsoleFeed(FunctionRegistry registry, InvokeHistory history, Hosting.EmulatorOptions options)
    {
        registry.Changed += () => Publish("event: functions\ndata: {}\n\n");
        history.Added += entry => Publish($"event: history\ndata: {{\"id\":{entry.Id}}}\n\nevent: functions\ndata: {{}}\n\n");
        // "events" when a file of the project's events folder appears, changes or goes (an editor, generate-event, a save).
        if (options.WebConsole?.EventsDirectory is { } directory && Directory.Exists(directory))
        {
            _events = new FileSystemWatcher(directory, "*.json") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
            FileSystemEventHandler changed = (_, _) => Publish("event: events\ndata: {}\n\n");
            _events.Created += changed;
            _events.Deleted += changed;
            _events.Changed += changed;
            _events.Renamed += (_, _) => Publish("event: events\ndata: {}\n\n");
            _events.EnableRaisingEvents = true;
        }
    }

    /// <summary>Streams events to one page until it goes away or the emulator stops.</summary>
    public async Task StreamAsync(HttpContext context, IHostApplicationLifetime lifetime)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(32) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-store";
            await response.WriteAsync("retry: 2000\n\n", stop.Token); // reconnect quickly after a restart of the page's server
            await response.Body.FlushAsync(stop.Token);
            await foreach (var message in channel.Reader.ReadAllAsync(stop.Token))
            {
                await response.WriteAsync(message, stop.Token);
                await response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // the page went away, or the emulator stops (an open stream must not hold up the shutdown)
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    private void Publish(string message)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(message);
            }
        }
    }

    public void Dispose() => _events?.Dispose();
}
