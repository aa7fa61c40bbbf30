using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>Functions and layers are kept apart per region (the region of the request's SigV4 credential scope).</summary>
[SupportedOSPlatform("linux")]
[Trait("Category", TestBash.Category)]
public sealed class RegionTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private TestEmulator _host = null!;

    public async Task InitializeAsync()
        => _host = await TestEmulator.StartAsync(new() { StateDirectory = _folder.Sub("state"), WorkDirectory = _folder.Sub("work") });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [ScriptFact]
    public async Task The_same_name_in_two_regions_is_two_functions_and_each_list_shows_its_own()
    {
        await new LambdaApi(_host.Http, "us-west-2").CreateFunctionAsync("same", VersionApiTests.Package("west"));
        await new LambdaApi(_host.Http, "eu-west-1").CreateFunctionAsync("same", VersionApiTests.Package("europe"));
        await new LambdaApi(_host.Http, "eu-west-1").CreateFunctionAsync("only-eu", VersionApiTests.Package("europe"));

        var west = (await Cli("us-west-2").LambdaAsync("list-functions"))!.Value.GetProperty("Functions");
        Assert.Equal(["arn:aws:lambda:us-west-2:123456789012:function:same"], west.EnumerateArray().Select(f => f.GetProperty("FunctionArn").GetString()));
        var europe = (await Cli("eu-west-1").LambdaAsync("list-functions"))!.Value.GetProperty("Functions");
        Assert.Equal(["only-eu", "same"], europe.EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()));
        Assert.Contains("ResourceNotFoundException", await Cli("ap-south-1").LambdaFailsAsync("get-function", "--function-name", "same"));

        Assert.Equal("west", await InvokeAsync("us-west-2", "same"));
        Assert.Equal("europe", await InvokeAsync("eu-west-1", "same"));
        await Cli("us-west-2").LambdaAsync("delete-function", "--function-name", "same");
        Assert.Equal("europe", await InvokeAsync("eu-west-1", "same"));
        await _host.DisposeAsync();

        _host = await TestEmulator.StartAsync(new() { StateDirectory = _folder.Sub("state"), WorkDirectory = _folder.Sub("work-2") });
        Assert.Equal("europe", await InvokeAsync("eu-west-1", "same"));
        Assert.Contains("ResourceNotFoundException", await Cli("us-west-2").LambdaFailsAsync("get-function", "--function-name", "same"));
    }

    [Fact]
    public async Task Layers_and_their_lookups_are_per_region()
    {
        var layer = TestZips.Create(TestZips.File("lib.txt", "x"));
        var arn = (await new LambdaApi(_host.Http, "us-west-2").PublishLayerAsync("shared", layer)).GetProperty("LayerVersionArn").GetString()!;

        var europe = (await Cli("eu-west-1").LambdaAsync("list-layers"))!.Value;
        Assert.Empty(europe.GetProperty("Layers").EnumerateArray());
        var west = (await Cli("us-west-2").LambdaAsync("list-layers"))!.Value;
        Assert.Equal(arn, Assert.Single(west.GetProperty("Layers").EnumerateArray()).GetProperty("LatestMatchingVersion").GetProperty("LayerVersionArn").GetString());
        Assert.Contains("ResourceNotFoundException", await Cli("eu-west-1").LambdaFailsAsync("get-layer-version-by-arn", "--arn", arn));
        Assert.Contains("ResourceNotFoundException", await Cli("eu-west-1").LambdaFailsAsync("get-layer-version", "--layer-name", "shared", "--version-number", "1"));
        Assert.Equal("1", (await new LambdaApi(_host.Http, "eu-west-1").PublishLayerAsync("shared", layer)).GetProperty("Version").GetRawText());
    }

    private AwsCli Cli(string region) => new(_host.Endpoint, _folder.Path, region);

    private async Task<string> InvokeAsync(string region, string name)
    {
        using var http = SignedHttp.Create(_host.Host.BaseUrl, region);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/2015-03-31/functions/{name}/invocations") { Content = new ByteArrayContent(Utf8("{}")) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
