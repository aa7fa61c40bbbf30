using System.Net;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>
/// A state.json edited outside the emulator is checked as the API checks what it stores, and a stored zip against its
/// SHA-256: a bad record stops the start with the file, the field and what to do, and changes nothing on disk.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class StoredStateTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string StateDirectory => Path.Combine(_folder.Path, "state");

    private string StateFile => Path.Combine(StateDirectory, "state.json");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_revision_id_that_climbs_out_of_the_work_folder_is_refused_and_nothing_is_deleted()
    {
        await CreateAsync();
        var outside = Directory.CreateDirectory(Path.Combine(_folder.Path, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "mine");
        Edit(f => f["RevisionId"] = "../../../../outside");

        await AssertRefusedAsync("Functions[\"us-east-1/f\"].RevisionId: '../../../../outside' is not a revision id");
        Assert.True(File.Exists(Path.Combine(outside, "keep.txt")));
    }

    [Fact]
    public async Task A_function_name_with_dots_is_refused()
    {
        await CreateAsync();
        var state = JsonNode.Parse(File.ReadAllText(StateFile))!;
        var functions = state["Functions"]!.AsObject();
        var record = functions["us-east-1/f"]!.DeepClone();
        record["FunctionName"] = "../../escaped";
        functions.Remove("us-east-1/f");
        functions["us-east-1/../../escaped"] = record;
        File.WriteAllText(StateFile, state.ToJsonString());

        await AssertRefusedAsync("Functions[\"us-east-1/../../escaped\"].FunctionName: The function name '../../escaped' is not valid");
    }

    [Fact]
    public async Task A_blob_id_naming_another_file_is_refused()
    {
        await CreateAsync();
        Edit(f => f["Code"]!["BlobId"] = "../../other/zip");

        await AssertRefusedAsync("Functions[\"us-east-1/f\"].Code: BlobId '../../other/zip' is not a stored zip's id");
    }

    [Fact]
    public async Task A_memory_size_the_API_refuses_is_refused()
    {
        await CreateAsync();
        Edit(f => f["MemorySize"] = -5);

        await AssertRefusedAsync("Functions[\"us-east-1/f\"].MemorySize: MemorySize -5 is out of range: use 128 to 10240 MB.");
    }

    [Fact]
    public async Task A_stored_zip_changed_on_disk_is_not_run()
    {
        var blobId = await CreateAsync();
        var blob = Path.Combine(StateDirectory, "blobs", blobId + ".zip");
        File.WriteAllBytes(blob, Package("changed outside"));

        await using var emulator = await StartAsync();
        using var response = await emulator.InvokeAsync("f", Utf8("{}"));

        Assert.Equal("Unhandled", Header(response, "X-Amz-Function-Error"));
        var (type, message) = await ReadErrorAsync(response);
        Assert.Equal("Runtime.InvalidEntrypoint", type);
        Assert.Contains($"The stored zip '{blob}' was changed outside the emulator", message);
    }

    [Fact]
    public async Task The_one_event_invoke_config_of_an_older_state_is_read_as_LATESTs()
    {
        await CreateAsync();
        Edit(f => f["EventInvokeConfig"] = JsonNode.Parse("""{"MaximumRetryAttempts":1,"LastModified":"2026-01-02T03:04:05+00:00"}"""));

        await using var emulator = await StartAsync();
        var api = new LambdaApi(emulator.Http, "us-east-1");
        var config = await ServiceModel.AssertOutputAsync("GetFunctionEventInvokeConfig",
            await api.SendAsync(HttpMethod.Get, "/2019-09-25/functions/f/event-invoke-config?Qualifier=$LATEST"));
        Assert.Equal(1, config.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST", config.GetProperty("FunctionArn").GetString());
    }

    [Fact]
    public async Task A_LoggingConfig_the_API_refuses_is_refused_naming_the_function_and_field()
    {
        await CreateAsync();
        Edit(f => f["Logging"] = JsonNode.Parse("""{"LogFormat":"XML","LogGroup":"/aws/lambda/f"}"""));

        await AssertRefusedAsync("Functions[\"us-east-1/f\"].Logging: 1 validation error detected: Value 'XML' at 'loggingConfig.logFormat' failed to satisfy constraint");
    }

    [Fact]
    public async Task A_LoggingConfig_without_its_log_group_is_refused()
    {
        await CreateAsync();
        Edit(f => f["Logging"] = JsonNode.Parse("""{"LogFormat":"JSON"}"""));

        await AssertRefusedAsync("Functions[\"us-east-1/f\"].Logging: LogFormat and LogGroup must both be set");
    }

    [Fact]
    public async Task An_event_invoke_config_out_of_range_or_of_an_unknown_qualifier_is_refused()
    {
        await CreateAsync();
        Edit(f => f["EventInvokeConfigs"] = JsonNode.Parse("""{"$LATEST":{"MaximumRetryAttempts":9,"LastModified":"2026-01-02T03:04:05+00:00"}}"""));
        await AssertRefusedAsync("Functions[\"us-east-1/f\"].EventInvokeConfigs[\"$LATEST\"]: 1 validation error detected: Value '9' at 'maximumRetryAttempts'");

        Edit(f => f["EventInvokeConfigs"] = JsonNode.Parse("""{"live":{"MaximumRetryAttempts":1,"LastModified":"2026-01-02T03:04:05+00:00"}}"""));
        await AssertRefusedAsync("Functions[\"us-east-1/f\"].EventInvokeConfigs[\"live\"]: 'live' is not $LATEST, a stored version or an alias of f.");
    }

    /// <summary>Creates function f (and stops); returns its blob id.</summary>
    private async Task<string> CreateAsync()
    {
        await using var emulator = await StartAsync();
        await new LambdaApi(emulator.Http, "us-east-1").CreateFunctionAsync("f", Package("stored"));
        using var answer = await emulator.InvokeAsync("f", Utf8("{}"));
        Assert.Equal("stored", await answer.Content.ReadAsStringAsync());
        return JsonNode.Parse(File.ReadAllText(StateFile))!["Functions"]!["us-east-1/f"]!["Code"]!["BlobId"]!.GetValue<string>();
    }

    private void Edit(Action<JsonNode> change)
    {
        var state = JsonNode.Parse(File.ReadAllText(StateFile))!;
        change(state["Functions"]!["us-east-1/f"]!);
        File.WriteAllText(StateFile, state.ToJsonString());
    }

    private async Task AssertRefusedAsync(string problem)
    {
        var before = File.ReadAllBytes(StateFile);
        var blobs = Directory.GetFiles(Path.Combine(StateDirectory, "blobs"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(StartAsync);

        Assert.StartsWith($"The state file '{StateFile}' is not valid: {problem}", error.Message);
        Assert.EndsWith("Fix or remove that record in the file, or move the file away to start empty; "
            + "the emulator does not start on it, so nothing in it is lost meanwhile.", error.Message);
        Assert.Equal(before, File.ReadAllBytes(StateFile));
        Assert.Equal(blobs, Directory.GetFiles(Path.Combine(StateDirectory, "blobs")));
    }

    private Task<TestEmulator> StartAsync()
        => TestEmulator.StartAsync(new EmulatorOptions { StateDirectory = StateDirectory, WorkDirectory = _folder.Sub("work") });

    private static byte[] Package(string answer)
        => TestZips.Create(
            TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
            TestZips.File("function.sh", $"handler() {{ printf {answer.Replace(" ", "-", StringComparison.Ordinal)}; }}\n", TestZips.Executable));
}
