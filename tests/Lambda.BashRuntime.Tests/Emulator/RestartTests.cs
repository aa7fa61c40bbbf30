using System.Net;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.ControlPlane;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// Restarts on a --state-dir: queued events kept and run, nothing unpacked before it is needed, blobs nobody
/// references and folders of killed instances removed, folders of running instances left alone.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CapturedMessages _messages = new();

    private string State => Path.Combine(_folder.Path, "state");

    private string Output => _folder.Sub("out");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Queued_events_are_kept_in_the_state_dir_at_shutdown_and_run_after_the_restart()
    {
        await using (var first = await StartAsync("work-1"))
        {
            await CreateHostileAsync(first);
            for (var i = 0; i < 3; i++)
            {
                using var accepted = await InvokeAsync(first, $$"""{"do":"sleep","n":{{i}}}""", "Event");
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }
            await first.StopAsync();
        }
        Assert.Contains($"queued Event invoke(s) kept in {Path.Combine(State, "events")}: they run after the next start with this --state-dir.", _messages.Text);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(State, "events"), "*.event"));

        await using var second = await StartAsync("work-2");
        var ran = Path.Combine(Output, "ran.txt");
        await Eventually.WaitUntilAsync(() => File.Exists(ran) && File.ReadAllLines(ran).Length == 3, "all three events ran once");
        Assert.Equal([0, 1, 2], File.ReadAllLines(ran).Select(line => line[^2] - '0'));
    }

    [Fact]
    public async Task A_start_on_a_state_dir_unpacks_nothing_until_the_first_invoke()
    {
        await using (var first = await StartAsync("work-1"))
        {
            await CreateHostileAsync(first);
        }

        await using var second = await StartAsync("work-2");
        var functions = Path.Combine(_folder.Path, "work-2", "functions");
        Assert.False(Directory.Exists(functions) && Directory.EnumerateFiles(functions, "*", SearchOption.AllDirectories).Any());
        Assert.NotNull(second.Functions.Find("hostile"));

        using var answered = await InvokeAsync(second, """{"do":"now"}""");

        Assert.Equal("""done {"do":"now"}""", await answered.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(second.Functions.Find("hostile")!.CodeDirectory, "hostile.sh")));
    }

    [Fact]
    public async Task Blobs_nothing_references_are_collected_at_start()
    {
        await using (var first = await StartAsync("work-1"))
        {
            await CreateHostileAsync(first);
        }
        var blobs = Path.Combine(State, "blobs");
        var kept = Directory.GetFiles(blobs, "*.zip").Single();
        var stray = Path.Combine(blobs, new string('a', 64) + ".zip"); // what a create cut short by kill -9 leaves
        File.WriteAllBytes(stray, new byte[1024]);

        await using var second = await StartAsync("work-2");

        Assert.False(File.Exists(stray));
        Assert.True(File.Exists(kept));
    }

    [Fact]
    public async Task A_second_emulator_on_a_state_dir_in_use_is_refused_with_the_holders_process_id()
    {
        await using (var first = await StartAsync("work-1"))
        {
            var refused = await Assert.ThrowsAsync<StateDirectoryInUseException>(() => StartAsync("work-2"));
            Assert.Equal(
                $"The state directory '{Path.GetFullPath(State)}' is in use by another emulator (process id {Environment.ProcessId}): "
                + "two on one --state-dir would lose each other's changes. Stop that one, or give this one another --state-dir.",
                refused.Message);
            await CreateHostileAsync(first); // the first one is untouched
        }

        await using var second = await StartAsync("work-2"); // free again once the first has stopped
        Assert.NotNull(second.Functions.Find("hostile"));
    }

    [Fact]
    public async Task Folders_of_killed_instances_are_removed_at_start_and_those_of_running_ones_left_alone()
    {
        var environments = Path.Combine(State, "environments");
        var dead = InstanceFolderLike(Path.Combine(environments, "dead"));
        var live = InstanceFolderLike(Path.Combine(environments, "live"));
        var foreign = Directory.CreateDirectory(Path.Combine(environments, "foreign")).FullName; // no lock file: not ours
        var deadWork = InstanceFolderLike(Path.Combine(UserScratch.Root(), "code", Guid.NewGuid().ToString("N")));
        // A running emulator holds its lock file open with an exclusive lock; the kernel drops it when the process dies.
        using (new FileStream(Path.Combine(live, InstanceFolder.LockFileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
            {
                Port = 0, StateDirectory = State, EchoFunctionLogs = false, // no work dir: a temporary one
            });

            Assert.False(Directory.Exists(dead));
            Assert.False(Directory.Exists(deadWork));
            Assert.True(Directory.Exists(live));
            Assert.True(Directory.Exists(foreign));
        }

        static string InstanceFolderLike(string path)
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, InstanceFolder.LockFileName), "4194304\n");
            File.WriteAllBytes(Path.Combine(path, "unpacked.bin"), new byte[4096]);
            return path;
        }
    }

    private Task<EmulatorHost> StartAsync(string work)
        => EmulatorHost.StartAsync(
            new EmulatorOptions
            {
                Port = 0, MaxConcurrency = 2, StateDirectory = State, WorkDirectory = Path.Combine(_folder.Path, work),
                EchoFunctionLogs = false,
                SandboxWritableFolders = [Output], // where the hostile handler records the events it ran (TEST_OUT)
            },
            services => services.AddSingleton<ILoggerProvider>(_messages));

    private async Task CreateHostileAsync(EmulatorHost host)
    {
        using var http = SignedHttp.Create(host.BaseUrl);
        var zip = TestZips.Create(
            TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
            TestZips.File("function.sh", File.ReadAllBytes(RepoPaths.FunctionScript), TestZips.Executable),
            TestZips.File("hostile.sh", Hostile.ReplaceLineEndings("\n"), TestZips.Executable));
        var response = await new LambdaApi(http).SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = "hostile",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = "hostile.handler",
            Timeout = 10,
            Code = new { ZipFile = zip },
            Environment = new { Variables = new Dictionary<string, string> { ["TEST_OUT"] = Output } },
        });
        await ServiceModel.AssertOutputAsync("CreateFunction", response);
    }

    private static async Task<HttpResponseMessage> InvokeAsync(EmulatorHost host, string payload, string invocationType = "RequestResponse")
    {
        using var http = SignedHttp.Create(host.BaseUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/hostile/invocations")
        {
            Content = new ByteArrayContent(Utf8(payload)),
        };
        request.Headers.Add("X-Amz-Invocation-Type", invocationType);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
