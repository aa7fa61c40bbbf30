using System.Runtime.Versioning;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>The bad zips of issue point 2, sent through the API: each refused with a clear error, nothing created.</summary>
[SupportedOSPlatform("linux")]
public sealed class BadZipApiTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private TestEmulator _host = null!;
    private LambdaApi _api = null!;

    public static TheoryData<string, string> BadZips => new()
    {
        { "dot-dot", "contains '..'" },
        { "absolute", "absolute path" },
        { "link-out", "absolute path '/etc'" },
        { "link-up", "resolves outside the package root" },
        { "corrupt", PackageException.CouldNotUnzip },
        { "corrupt-data", PackageException.CouldNotUnzip },
    };

    public async Task InitializeAsync()
    {
        _host = await TestEmulator.StartAsync(new() { WorkDirectory = _folder.Sub("work") });
        _api = new LambdaApi(_host.Http);
    }

    [Theory]
    [MemberData(nameof(BadZips))]
    public async Task Create_function_refuses_bad_zips(string kind, string expected)
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = "bad",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = "function.handler",
            Code = new { ZipFile = Make(kind) },
        });

        var message = await ServiceModel.AssertErrorAsync("CreateFunction", "InvalidParameterValueException", response);
        Assert.Contains(expected, message);
        Assert.Null(_host.Registry.Find("bad"));
        var functions = Path.Combine(_folder.Path, "work", "functions");
        Assert.True(!Directory.Exists(functions) || !Directory.EnumerateFileSystemEntries(functions).Any());
    }

    [Theory]
    [MemberData(nameof(BadZips))]
    public async Task Publish_layer_version_refuses_bad_zips(string kind, string expected)
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/2018-10-31/layers/bad/versions", new { Content = new { ZipFile = Make(kind) } });

        Assert.Contains(expected, await ServiceModel.AssertErrorAsync("PublishLayerVersion", "InvalidParameterValueException", response));
        var list = await ServiceModel.AssertOutputAsync("ListLayers", await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers"));
        Assert.Empty(list.GetProperty("Layers").EnumerateArray());
    }

    [Fact]
    public async Task Refuses_a_zip_that_unpacks_beyond_250_MB()
    {
        var zip = TestZips.Zeros("zeros", 251);
        Assert.True(zip.Length < 1_000_000);

        var response = await _api.SendAsync(HttpMethod.Post, "/2018-10-31/layers/big/versions", new { Content = new { ZipFile = zip } });

        var message = await ServiceModel.AssertErrorAsync("PublishLayerVersion", "InvalidParameterValueException", response);
        Assert.Contains("Unzipped size must be smaller than 262144000 bytes", message);
    }

    [Fact]
    public async Task Refuses_code_and_layers_that_together_unpack_beyond_250_MB()
    {
        var layer = await _api.PublishLayerAsync("half", TestZips.Zeros("zeros", 150));
        var response = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = "too-big",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Code = new { ZipFile = TestZips.Zeros("more-zeros", 101) },
            Layers = new[] { layer.GetProperty("LayerVersionArn").GetString() },
        });

        var message = await ServiceModel.AssertErrorAsync("CreateFunction", "InvalidParameterValueException", response);
        Assert.Contains($"Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. The actual size is {251L << 20} bytes.", message);
        Assert.Null(_host.Registry.Find("too-big"));
    }

    [Fact]
    public async Task A_bootstrap_without_its_run_bit_is_accepted_and_stays_not_executable_as_on_aws()
    {
        var zip = TestZips.Create(TestZips.File("bootstrap", "#!/bin/bash\n", TestZips.ReadWrite), TestZips.File("function.sh", "handler() { :; }\n"));

        await _api.CreateFunctionAsync("no-run-bit", zip);

        var bootstrap = Path.Combine(_host.Registry.Find("no-run-bit")!.CodeDirectory, "bootstrap");
        Assert.False(File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task The_cli_prints_the_unzip_error()
    {
        var dir = _folder.Sub("cli");
        // The CLI checks the zip's directory itself; a zip with a sound directory but corrupt data reaches the emulator.
        TestZips.Save(dir, "corrupt.zip", Make("corrupt-data"));
        var aws = new AwsCli(_host.Endpoint, dir);

        var stderr = await aws.LambdaFailsAsync("create-function", "--function-name", "bad", "--zip-file", "fileb://corrupt.zip",
            "--runtime", "provided.al2023", "--handler", "function.handler", "--role", "arn:aws:iam::123456789012:role/lambda-role");

        Assert.Equal(
            "An error occurred (InvalidParameterValueException) when calling the CreateFunction operation: " + PackageException.CouldNotUnzip,
            stderr.Trim());
    }

    private static byte[] Make(string kind) => kind switch
    {
        "dot-dot" => TestZips.Create(TestZips.File("bootstrap", "x", TestZips.Executable), TestZips.File("../../escape.sh", "x")),
        "absolute" => TestZips.Create(TestZips.File("/tmp/escape.sh", "x")),
        "link-out" => TestZips.Create(TestZips.Link("etc", "/etc")),
        "link-up" => TestZips.Create(TestZips.Link("up", "../../..")),
        "corrupt" => "PK\u0003\u0004 certainly not a zip"u8.ToArray(),
        "corrupt-data" => CorruptData(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A zip whose directory is sound but whose deflate data starts with a reserved block type.</summary>
    private static byte[] CorruptData()
    {
        var zip = TestZips.Create(TestZips.File("bootstrap", new string('x', 4000), TestZips.Executable));
        var dataOffset = 30 + BitConverter.ToUInt16(zip, 26) + BitConverter.ToUInt16(zip, 28);
        zip[dataOffset] = 0b111; // BFINAL=1, BTYPE=11 (reserved)
        return zip;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();
}
