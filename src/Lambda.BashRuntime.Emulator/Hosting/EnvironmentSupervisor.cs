using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Events;
using Lambda.BashRuntime.Emulator.Processes;

namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// Graceful shutdown. StoppingAsync runs before the web server stops, while the Runtime API still accepts the
/// runtimes' answers: new invokes are refused, invokes in flight finish, then every runtime is killed with its
/// process group (which also ends their pending /next requests, so the server stops at once); Event invokes not
/// started stay queued. StoppedAsync then says what happens to them and removes the scratch folders and the memory
/// cgroups. Nothing is left running.
/// </summary>
public sealed class EnvironmentSupervisor(
    Invoker invoker, SlotPool pool, EmulatorPaths paths, EventDispatcher events, MemoryCgroups cgroups)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await invoker.DrainAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // shutdown timeout reached: kill what is still running
        }
        await events.StopAsync(cancellationToken); // Event invokes not started stay queued on disk
        await Task.WhenAll(pool.Environments().Select(e => e.KillAsync()));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // StoppingAsync does not run when start-up failed half way: kill here too (idempotent).
        var environments = pool.Environments();
        await Task.WhenAll(environments.Select(e => e.KillAsync()));
        foreach (var environment in environments)
        {
            environment.Log.Dispose();
        }
        events.ReportUnfinished(); // before a temporary state folder (and its queue) is removed
        paths.Dispose();
        cgroups.Dispose();
    }
}
