using System.Net;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// A full disk, stood in through <see cref="DurableWrites"/> (no real disk is filled): the requests that need it answer
/// AWS's 500 ServiceException saying the disk is full, nothing is half stored, and the same requests work once there
/// is room again.
/// </summary>
public sealed class FullDiskTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Code = TestZips.Create(
        TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable),
        TestZips.File("function.sh", "handler() { :; }\n"));

    private readonly TempFolder _folder = new();
    private readonly FullDisk _disk = new();
    private TestEmulator _emulator = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(
            new() { StateDirectory = _folder.Sub("state"), WorkDirectory = _folder.Sub("work") },
            services: services => services.AddSingleton<DurableWrites>(_disk));
        _api = new LambdaApi(_emulator.Http, "us-east-1");
        await _api.CreateFunctionAsync("fn", Code);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_Event_invoke_on_a_full_disk_is_a_ServiceException_and_is_not_queued()
    {
        _disk.Full = true;
        using var refused = await _emulator.InvokeAsync("fn", Utf8("{}"), invocationType: "Event");

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        var message = await ServiceModel.AssertErrorAsync("Invoke", "ServiceException", refused);
        Assert.StartsWith("The emulator could not queue the Event invoke: No space left on device : '", message);
        Assert.EndsWith("The disk is full: free some space and retry; nothing was stored.", message);
        var queue = _emulator.Host.Services.GetRequiredService<Lambda.BashRuntime.Emulator.Events.EventQueue>();
        Assert.Equal(0, queue.Count);
        Assert.Empty(Directory.GetFiles(queue.Folder));

        _disk.Full = false;
        using var accepted = await _emulator.InvokeAsync("fn", Utf8("{}"), invocationType: "Event");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task A_configuration_change_on_a_full_disk_is_a_ServiceException_and_changes_nothing()
    {
        _disk.Full = true;
        var refused = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/fn/configuration", new { Timeout = 30 });

        var message = await ServiceModel.AssertErrorAsync("UpdateFunctionConfiguration", "ServiceException", refused);
        Assert.Contains("The disk is full: free some space and retry; nothing was stored.", message);
        Assert.DoesNotContain("same name", message);
        Assert.Equal(3, _emulator.Registry.Find("fn")!.TimeoutSeconds);

        _disk.Full = false;
        await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration",
            await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/fn/configuration", new { Timeout = 30 }));
        Assert.Equal(30, _emulator.Registry.Find("fn")!.TimeoutSeconds);
    }

    [Fact]
    public void A_disk_failing_while_unpacking_is_not_blamed_on_the_zip()
    {
        var destination = _folder.Sub("unpack");
        using var failing = new FailingReads(Code);

        var error = Assert.ThrowsAny<IOException>(() => PackageExtractor.Extract(failing, destination));

        Assert.True(DiskErrors.IsFull(error), error.ToString());
    }

    [Fact]
    public void The_kernels_own_no_space_error_is_recognised()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // Linux only
        }
        using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
        var error = Assert.ThrowsAny<IOException>(() => { full.Write(new byte[4096]); full.Flush(); });
        Assert.True(DiskErrors.IsFull(error), $"{error.HResult}: {error.Message}");
    }

    /// <summary>Writes as the disk would, or fails as a full one does (ENOSPC, as .NET reports it on Linux).</summary>
    private sealed class FullDisk : DurableWrites
    {
        public volatile bool Full;

        public override void WriteAllBytes(string path, ReadOnlySpan<byte> content)
        {
            if (Full)
            {
                throw new IOException($"No space left on device : '{path}'", 28);
            }
            base.WriteAllBytes(path, content);
        }
    }

    /// <summary>
    /// A zip whose directory (at the end) reads and whose entries fail with a full disk's ENOSPC: the same IOException
    /// the unpacking's writes meet on a full disk, raised where a test can reach it.
    /// </summary>
    private sealed class FailingReads(byte[] zip) : MemoryStream(zip, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
            => Position < 16 ? throw new IOException("No space left on device", 28) : base.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer)
            => Position < 16 ? throw new IOException("No space left on device", 28) : base.Read(buffer);
    }
}
