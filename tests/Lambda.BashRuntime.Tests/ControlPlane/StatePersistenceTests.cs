using System.Runtime.Versioning;
using Lambda.BashRuntime.Emulator.ControlPlane;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Storage;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>--state-dir: functions and layers survive restarts, and nothing acknowledged is lost.</summary>
[SupportedOSPlatform("linux")]
public sealed class StatePersistenceTests : IDisposable
{
    private static readonly byte[] Code = TestZips.Create(TestZips.File("function.sh", "handler() { :; }\n", TestZips.Executable));
    private static readonly byte[] Runtime = TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable));
    private readonly TempFolder _folder = new();

    private string StateDirectory => Path.Combine(_folder.Path, "state");

    [Fact]
    public async Task A_function_URL_and_its_policy_survive_a_restart_on_the_same_port()
    {
        string url;
        await using (var first = await StartAsync("work-1"))
        {
            var api = new LambdaApi(first.Http);
            await api.CreateFunctionAsync("web", FunctionUrls.UrlFunction.Zip());
            url = (await ServiceModel.AssertOutputAsync("CreateFunctionUrlConfig",
                await api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/web/url", new { AuthType = "NONE" }))).GetProperty("FunctionUrl").GetString()!;
            await api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/web/policy",
                new { StatementId = "url", Action = "lambda:InvokeFunctionUrl", Principal = "*", FunctionUrlAuthType = "NONE" });
            await api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/web/policy",
                new { StatementId = "invoke", Action = "lambda:InvokeFunction", Principal = "*", InvokedViaFunctionUrl = true });
            Assert.Equal(200, (await FunctionUrls.Curl.RunAsync(url + "string")).Status);
        }

        await using var second = await StartAsync("work-2");
        var restored = await ServiceModel.AssertOutputAsync("GetFunctionUrlConfig", await new LambdaApi(second.Http).SendAsync(HttpMethod.Get, "/2021-10-31/functions/web/url"));
        Assert.Equal(url, restored.GetProperty("FunctionUrl").GetString());
        var answer = await FunctionUrls.Curl.RunAsync(url + "string");
        Assert.Equal(200, answer.Status);
        Assert.Equal("\"Hello\"", answer.Text);
    }

    [Fact]
    public async Task Functions_layers_and_policies_survive_a_restart()
    {
        string revision;
        string policyRevision;
        await using (var first = await StartAsync("work-1"))
        {
            var api = new LambdaApi(first.Http);
            var v1 = (await api.PublishLayerAsync("runtime", Runtime)).GetProperty("LayerVersionArn").GetString()!;
            await api.PublishLayerAsync("runtime", TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n# v2\n", TestZips.Executable)));
            var permission = await api.SendAsync(HttpMethod.Post, "/2018-10-31/layers/runtime/versions/2/policy",
                new { StatementId = "publish", Action = "lambda:GetLayerVersion", Principal = "*" });
            policyRevision = (await ServiceModel.AssertOutputAsync("AddLayerVersionPermission", permission)).GetProperty("RevisionId").GetString()!;
            await api.CreateFunctionAsync("kept", Code, [v1]);
            var withEnvironment = await api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/kept/configuration",
                new { Environment = new { Variables = new Dictionary<string, string> { ["STAGE"] = "test" } } });
            revision = (await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration", withEnvironment)).GetProperty("RevisionId").GetString()!;
            await api.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/runtime/versions/1");
        }

        await using var second = await StartAsync("work-2");
        var restored = second.Registry.Find("kept")!;
        Assert.Equal(revision, restored.RevisionId);
        Assert.Equal("test", restored.Environment["STAGE"]);
        Assert.StartsWith(Path.Combine(_folder.Path, "work-2"), restored.CodeDirectory);
        _ = restored.Unpacking?.Value; // a restart unpacks at the first invoke (RestartTests); unpack now to check what it writes
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(restored.CodeDirectory, "function.sh")));
        Assert.Equal("#!/bin/bash\n", File.ReadAllText(Path.Combine(restored.OptDirectory!, "bootstrap")));

        var api2 = new LambdaApi(second.Http);
        var configuration = await ServiceModel.AssertOutputAsync("GetFunctionConfiguration", await api2.SendAsync(HttpMethod.Get, "/2015-03-31/functions/kept/configuration"));
        Assert.Equal(revision, configuration.GetProperty("RevisionId").GetString());
        var versions = await ServiceModel.AssertOutputAsync("ListLayerVersions", await api2.SendAsync(HttpMethod.Get, "/2018-10-31/layers/runtime/versions"));
        Assert.Equal(2, Assert.Single(versions.GetProperty("LayerVersions").EnumerateArray()).GetProperty("Version").GetInt64());
        var policy = await ServiceModel.AssertOutputAsync("GetLayerVersionPolicy", await api2.SendAsync(HttpMethod.Get, "/2018-10-31/layers/runtime/versions/2/policy"));
        Assert.Equal(policyRevision, policy.GetProperty("RevisionId").GetString());
        Assert.Equal(3, (await api2.PublishLayerAsync("runtime", Runtime)).GetProperty("Version").GetInt64());

        // Zips nothing needs any more are removed: after the function and every version go, no blob is left.
        await api2.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/kept");
        await api2.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/runtime/versions/2");
        await api2.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/runtime/versions/3");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(StateDirectory, "blobs")));
    }

    [Fact]
    public async Task Every_acknowledged_change_is_on_disk_before_the_answer()
    {
        await using var host = await StartAsync("work");
        var api = new LambdaApi(host.Http);

        // What a process started after a kill would load, read while the first one is still running.
        ControlPlaneSnapshot OnDisk() => new ControlPlaneState(StateDirectory, _folder.Sub("reader")).Current;

        var arn = (await api.PublishLayerAsync("runtime", Runtime)).GetProperty("LayerVersionArn").GetString()!;
        Assert.Equal(1, OnDisk().Layers["us-east-1/runtime"].LatestVersion);
        await api.CreateFunctionAsync("f", Code);
        Assert.True(OnDisk().Functions.ContainsKey("us-east-1/f"));
        var updated = await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration",
            await api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/f/configuration", new { Layers = new[] { arn } }));
        Assert.Equal(updated.GetProperty("RevisionId").GetString(), OnDisk().Functions["us-east-1/f"].RevisionId);
        var code = await ServiceModel.AssertOutputAsync("UpdateFunctionCode",
            await api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/f/code", new { ZipFile = Runtime }));
        Assert.Equal(code.GetProperty("CodeSha256").GetString(), OnDisk().Functions["us-east-1/f"].Code.CodeSha256);
        Assert.True(File.Exists(Path.Combine(StateDirectory, "blobs", OnDisk().Functions["us-east-1/f"].Code.BlobId + ".zip")));
        await api.SendAsync(HttpMethod.Post, "/2018-10-31/layers/runtime/versions/1/policy", new { StatementId = "s", Action = "lambda:GetLayerVersion", Principal = "*" });
        Assert.Single(OnDisk().Layers["us-east-1/runtime"].Versions[1].Permissions);
        await api.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/runtime/versions/1");
        Assert.Empty(OnDisk().Layers["us-east-1/runtime"].Versions);
        await api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/f");
        Assert.Empty(OnDisk().Functions);
    }

    [Fact]
    public async Task Temporary_files_left_by_a_crash_are_ignored_and_removed()
    {
        await using (var first = await StartAsync("work-1"))
        {
            await new LambdaApi(first.Http).CreateFunctionAsync("f", Code);
        }
        // A crash in the middle of writing: the temporary files never replaced anything.
        var leftovers = new[]
        {
            Path.Combine(StateDirectory, "state.json.0123456789abcdef.tmp"),
            Path.Combine(StateDirectory, "blobs", "deadbeef.zip.0123456789abcdef.tmp"),
        };
        foreach (var leftover in leftovers)
        {
            File.WriteAllText(leftover, "{ half a state");
        }
        var unrelated = Path.Combine(StateDirectory, "notes.tmp");
        File.WriteAllText(unrelated, "not ours");

        await using var second = await StartAsync("work-2");

        Assert.NotNull(second.Registry.Find("f"));
        Assert.All(leftovers, l => Assert.False(File.Exists(l)));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public async Task A_damaged_state_file_stops_start_up_with_a_clear_error()
    {
        Directory.CreateDirectory(StateDirectory);
        File.WriteAllText(Path.Combine(StateDirectory, "state.json"), "{ not json");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StartAsync("work"));

        Assert.Contains("Move it away to start empty", error.Message);
    }

    [Fact]
    public async Task Without_a_state_directory_everything_lives_in_memory_and_the_work_folder_is_removed()
    {
        string codeDirectory;
        await using (var host = await TestEmulator.StartAsync())
        {
            await new LambdaApi(host.Http).CreateFunctionAsync("f", Code);
            codeDirectory = host.Registry.Find("f")!.CodeDirectory;
            Assert.True(Directory.Exists(codeDirectory));
        }
        Assert.False(Directory.Exists(codeDirectory));

        await using var again = await TestEmulator.StartAsync();
        Assert.Empty(again.Registry.List());
    }

    private Task<TestEmulator> StartAsync(string work)
        => TestEmulator.StartAsync(new EmulatorOptions { StateDirectory = StateDirectory, WorkDirectory = _folder.Sub(work) });

    public void Dispose() => _folder.Dispose();
}
