using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>The function operations over HTTP, every answer checked against the service model.</summary>
[SupportedOSPlatform("linux")]
public sealed class FunctionApiTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Code = TestZips.Create(
        TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable),
        TestZips.File("function.sh", "handler() { :; }\n"));

    private readonly TempFolder _folder = new();
    private TestEmulator _host = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _host = await TestEmulator.StartAsync(new() { WorkDirectory = _folder.Sub("work"), AccountId = "111122223333" });
        _api = new LambdaApi(_host.Http, "eu-west-1");
    }

    [Fact]
    public async Task Create_answers_201_with_the_configuration_and_publishes_the_function()
    {
        var created = await _api.CreateFunctionAsync("echo", Code);

        Assert.Equal("arn:aws:lambda:eu-west-1:111122223333:function:echo", created.GetProperty("FunctionArn").GetString());
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Code)), created.GetProperty("CodeSha256").GetString());
        Assert.Equal(Code.Length, created.GetProperty("CodeSize").GetInt64());
        Assert.Equal("x86_64", created.GetProperty("Architectures")[0].GetString());
        var definition = _host.Registry.Find("echo")!;
        Assert.Equal(created.GetProperty("RevisionId").GetString(), definition.RevisionId);
        Assert.Equal("function.handler", definition.Handler);
        Assert.True(File.Exists(Path.Combine(definition.CodeDirectory, "function.sh")));
        Assert.Null(definition.OptDirectory);
    }

    [Fact]
    public async Task EphemeralStorage_is_512_MB_unless_set_and_kept_as_given()
    {
        var created = await _api.CreateFunctionAsync("storage", Code);
        Assert.Equal(512, created.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());

        var body = CreateBody("storage-big");
        body["EphemeralStorage"] = new { Size = 2048 };
        var big = await ServiceModel.AssertOutputAsync("CreateFunction", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", body));
        Assert.Equal(2048, big.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());

        var updated = await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration",
            await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/storage/configuration", new { EphemeralStorage = new { Size = 10240 } }));
        Assert.Equal(10240, updated.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());
        var got = await ServiceModel.AssertOutputAsync("GetFunctionConfiguration",
            await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/storage/configuration"));
        Assert.Equal(10240, got.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());
    }

    [Fact]
    public async Task Create_twice_is_a_conflict()
    {
        await _api.CreateFunctionAsync("twice", Code);

        var response = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", CreateBody("twice"));

        Assert.Contains("Function already exist: twice", await ServiceModel.AssertErrorAsync("CreateFunction", "ResourceConflictException", response));
    }

    [Theory]
    [InlineData("Runtime", "python3.12", "Use one of: provided.al2023, provided.al2 (provided.al2023 recommended)")]
    [InlineData("Runtime", "provided", "The runtime parameter of provided is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.")]
    [InlineData("Role", "lambda-role", "Pass --role arn:aws:iam::123456789012:role/lambda-role")]
    [InlineData("FunctionName", "bad name!", "use 1 to 64 letters")]
    [InlineData("Timeout", 901, "use 1 to 900 seconds")]
    [InlineData("Env", "AWS_REGION", "Reserved keys used in this request: AWS_REGION")]
    [InlineData("Architectures", "sparc", "give exactly one of x86_64 or arm64")]
    [InlineData("EphemeralStorage", 100, "EphemeralStorage Size 100 is out of range: use 512 to 10240 MB.")]
    public async Task Create_refuses_invalid_configuration_saying_what_to_fix(string member, object value, string expected)
    {
        var body = CreateBody("invalid");
        body[member == "Env" ? "Environment" : member] = member switch
        {
            "Env" => new Dictionary<string, object> { ["Variables"] = new Dictionary<string, string> { [(string)value] = "x" } },
            "Architectures" => new[] { value },
            "EphemeralStorage" => new { Size = value },
            _ => value,
        };

        var response = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", body);

        Assert.Contains(expected, await ServiceModel.AssertErrorAsync("CreateFunction", "InvalidParameterValueException", response));
        Assert.Null(_host.Registry.Find("invalid"));
    }

    [Fact]
    public async Task Unknown_functions_and_qualifiers_are_not_found_with_the_request_region()
    {
        var missing = await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/nope");
        Assert.StartsWith("Function not found: arn:aws:lambda:eu-west-1:111122223333:function:nope.",
            await ServiceModel.AssertErrorAsync("GetFunction", "ResourceNotFoundException", missing));

        await _api.CreateFunctionAsync("versions", Code);
        var qualified = await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/versions/configuration?Qualifier=1");
        Assert.Contains("function:versions:1. Check the qualifier: publish one with publish-version",
            await ServiceModel.AssertErrorAsync("GetFunctionConfiguration", "ResourceNotFoundException", qualified));
        var latest = await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/versions/configuration?Qualifier=%24LATEST");
        await ServiceModel.AssertOutputAsync("GetFunctionConfiguration", latest);
        var byArn = await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/" + Uri.EscapeDataString("arn:aws:lambda:eu-west-1:111122223333:function:versions"));
        Assert.Equal("versions", (await ServiceModel.AssertOutputAsync("GetFunction", byArn)).GetProperty("Configuration").GetProperty("FunctionName").GetString());
    }

    [Fact]
    public async Task Update_configuration_changes_only_what_it_names_and_makes_a_new_revision()
    {
        var created = await _api.CreateFunctionAsync("config", Code);
        var response = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/config/configuration", new
        {
            Timeout = 30,
            Environment = new { Variables = new Dictionary<string, string> { ["GREETING"] = "hi" } },
        });

        var updated = await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration", response);
        Assert.Equal(30, updated.GetProperty("Timeout").GetInt32());
        Assert.Equal("function.handler", updated.GetProperty("Handler").GetString());
        Assert.Equal("hi", updated.GetProperty("Environment").GetProperty("Variables").GetProperty("GREETING").GetString());
        Assert.NotEqual(created.GetProperty("RevisionId").GetString(), updated.GetProperty("RevisionId").GetString());
        var definition = _host.Registry.Find("config")!;
        Assert.Equal(30, definition.TimeoutSeconds);
        Assert.Equal("hi", definition.Environment["GREETING"]);
        Assert.Equal(updated.GetProperty("RevisionId").GetString(), definition.RevisionId);

        var stale = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/config/configuration",
            new { Timeout = 5, RevisionId = created.GetProperty("RevisionId").GetString() });
        Assert.Contains("does not match the latest Revision Id", await ServiceModel.AssertErrorAsync("UpdateFunctionConfiguration", "PreconditionFailedException", stale));
    }

    [Fact]
    public async Task Layers_are_unpacked_in_order_and_at_most_five_are_accepted()
    {
        var arns = new List<string>();
        for (var i = 1; i <= 6; i++)
        {
            var zip = TestZips.Create(TestZips.File("shared.txt", $"layer {i}"), TestZips.File($"only-{i}.txt", "x"));
            arns.Add((await _api.PublishLayerAsync($"layer-{i}", zip)).GetProperty("LayerVersionArn").GetString()!);
        }

        await _api.CreateFunctionAsync("layered", Code, [arns[0], arns[1], arns[2]]);
        var opt = _host.Registry.Find("layered")!.OptDirectory!;
        Assert.Equal("layer 3", File.ReadAllText(Path.Combine(opt, "shared.txt")));
        Assert.True(File.Exists(Path.Combine(opt, "only-1.txt")));

        var six = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/layered/configuration", new { Layers = arns });
        Assert.Contains("Cannot reference more than 5 layers", await ServiceModel.AssertErrorAsync("UpdateFunctionConfiguration", "InvalidParameterValueException", six));
        var sameTwice = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/layered/configuration", new { Layers = new[] { arns[0], arns[0] } });
        Assert.Contains("Two different versions of the same layer", await ServiceModel.AssertErrorAsync("UpdateFunctionConfiguration", "InvalidParameterValueException", sameTwice));
        var none = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/layered/configuration", new { Layers = Array.Empty<string>() });
        Assert.False((await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration", none)).TryGetProperty("Layers", out _));
        Assert.Null(_host.Registry.Find("layered")!.OptDirectory);
    }

    [Fact]
    public async Task A_deleted_layer_version_keeps_serving_its_functions_but_cannot_be_named_again()
    {
        var layer = await _api.PublishLayerAsync("runtime", TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.Executable)));
        var arn = layer.GetProperty("LayerVersionArn").GetString()!;
        await _api.CreateFunctionAsync("user", TestZips.Create(TestZips.File("function.sh", "handler() { :; }\n")), [arn]);
        Assert.Equal(204, (int)(await _api.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/runtime/versions/1")).StatusCode);

        var timeoutOnly = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/user/configuration", new { Timeout = 10 });
        var kept = await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration", timeoutOnly);
        Assert.Equal(arn, kept.GetProperty("Layers")[0].GetProperty("Arn").GetString());
        Assert.True(File.Exists(Path.Combine(_host.Registry.Find("user")!.OptDirectory!, "bootstrap")));
        var newCode = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/user/code", new { ZipFile = Code });
        await ServiceModel.AssertOutputAsync("UpdateFunctionCode", newCode);
        Assert.True(File.Exists(Path.Combine(_host.Registry.Find("user")!.OptDirectory!, "bootstrap")));

        var named = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/user/configuration", new { Layers = new[] { arn } });
        Assert.Contains($"Layer version {arn} does not exist", await ServiceModel.AssertErrorAsync("UpdateFunctionConfiguration", "InvalidParameterValueException", named));
        var created = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", CreateBody("other", [arn]));
        await ServiceModel.AssertErrorAsync("CreateFunction", "InvalidParameterValueException", created);
    }

    [Fact]
    public async Task List_pages_with_markers_and_delete_removes_the_function()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            await _api.CreateFunctionAsync(name, Code);
        }
        var first = await ServiceModel.AssertOutputAsync("ListFunctions", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/?MaxItems=2"));
        Assert.Equal(["a", "b"], first.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()));
        var marker = first.GetProperty("NextMarker").GetString();
        var second = await ServiceModel.AssertOutputAsync("ListFunctions", await _api.SendAsync(HttpMethod.Get, $"/2015-03-31/functions/?MaxItems=2&Marker={marker}"));
        Assert.Equal("c", Assert.Single(second.GetProperty("Functions").EnumerateArray()).GetProperty("FunctionName").GetString());
        Assert.False(second.TryGetProperty("NextMarker", out _));

        var codeFolder = _host.Registry.Find("b")!.CodeDirectory;
        await ServiceModel.AssertOutputAsync("DeleteFunction", await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/b"));
        Assert.Null(_host.Registry.Find("b"));
        Assert.False(Directory.Exists(codeFolder));
        await ServiceModel.AssertErrorAsync("DeleteFunction", "ResourceNotFoundException", await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/b"));
    }

    [Fact]
    public async Task Concurrent_changes_are_serialised_and_the_registry_ends_on_the_last_one()
    {
        await _api.CreateFunctionAsync("busy", Code);

        var answers = await Task.WhenAll(Enumerable.Range(1, 12).Select(async i => await ServiceModel.AssertOutputAsync(
            "UpdateFunctionConfiguration",
            await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/busy/configuration", new { Timeout = i }))));

        Assert.Equal(12, answers.Select(a => a.GetProperty("RevisionId").GetString()).Distinct().Count());
        var final = await ServiceModel.AssertOutputAsync("GetFunctionConfiguration", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/busy/configuration"));
        var definition = _host.Registry.Find("busy")!;
        Assert.Equal(final.GetProperty("RevisionId").GetString(), definition.RevisionId);
        Assert.Equal(final.GetProperty("Timeout").GetInt32(), definition.TimeoutSeconds);
        Assert.True(Directory.Exists(definition.CodeDirectory));
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(_folder.Path, "work", "functions", "busy")));
    }

    [Fact]
    public async Task Accepts_a_zip_above_kestrels_default_30_MB_body_limit()
    {
        using var buffer = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("data.bin", System.IO.Compression.CompressionLevel.NoCompression).Open();
            entry.Write(new byte[32 << 20]);
        }

        var created = await _api.CreateFunctionAsync("large", buffer.ToArray());

        Assert.Equal(buffer.Length, created.GetProperty("CodeSize").GetInt64());
    }

    [Fact]
    public async Task Malformed_json_is_an_invalid_parameter()
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", "{not json");

        Assert.Contains("Could not parse request body into json", await ServiceModel.AssertErrorAsync("CreateFunction", "InvalidParameterValueException", response));
    }

    private static Dictionary<string, object?> CreateBody(string name, string[]? layers = null) => new()
    {
        ["FunctionName"] = name,
        ["Runtime"] = "provided.al2023",
        ["Role"] = "arn:aws:iam::111122223333:role/lambda-role",
        ["Handler"] = "function.handler",
        ["Code"] = new { ZipFile = Code },
        ["Layers"] = layers,
    };

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();
}
