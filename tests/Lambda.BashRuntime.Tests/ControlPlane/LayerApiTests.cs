using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>The layer operations over HTTP, every answer checked against the service model.</summary>
[SupportedOSPlatform("linux")]
public sealed class LayerApiTests : IAsyncLifetime, IDisposable
{
    private const string Arn = "arn:aws:lambda:ap-south-1:123456789012:layer:tools";
    private readonly TempFolder _folder = new();
    private TestEmulator _host = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _host = await TestEmulator.StartAsync(new() { WorkDirectory = _folder.Sub("work") });
        _api = new LambdaApi(_host.Http, "ap-south-1");
    }

    [Fact]
    public async Task Versions_count_up_and_are_never_reused()
    {
        var zip = Zip("v");
        var one = await _api.PublishLayerAsync("tools", zip);
        var two = await _api.PublishLayerAsync("tools", Zip("v2"));
        Assert.Equal(1, one.GetProperty("Version").GetInt64());
        Assert.Equal(Arn, one.GetProperty("LayerArn").GetString());
        Assert.Equal($"{Arn}:2", two.GetProperty("LayerVersionArn").GetString());
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(zip)), one.GetProperty("Content").GetProperty("CodeSha256").GetString());
        Assert.Equal(zip.Length, one.GetProperty("Content").GetProperty("CodeSize").GetInt64());

        await ServiceModel.AssertOutputAsync("DeleteLayerVersion", await _api.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/tools/versions/2"));
        await ServiceModel.AssertOutputAsync("DeleteLayerVersion", await _api.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/tools/versions/2"));
        await ServiceModel.AssertOutputAsync("DeleteLayerVersion", await _api.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/tools/versions/1"));
        Assert.Equal(3, (await _api.PublishLayerAsync("tools", zip)).GetProperty("Version").GetInt64());
    }

    [Fact]
    public async Task Get_list_and_get_by_arn_describe_live_versions()
    {
        await _api.PublishLayerAsync("tools", Zip("1"));
        var response = await _api.SendAsync(HttpMethod.Post, "/2018-10-31/layers/tools/versions", new
        {
            Content = new { ZipFile = Zip("2") },
            Description = "second",
            CompatibleRuntimes = new[] { "provided.al2023" },
            CompatibleArchitectures = new[] { "arm64" },
            LicenseInfo = "MIT",
        });
        var published = await ServiceModel.AssertOutputAsync("PublishLayerVersion", response);
        Assert.Equal("second", published.GetProperty("Description").GetString());

        var got = await ServiceModel.AssertOutputAsync("GetLayerVersion", await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers/tools/versions/2"));
        Assert.Equal(JsonSerializer.Serialize(published), JsonSerializer.Serialize(got));
        var byArn = await ServiceModel.AssertOutputAsync("GetLayerVersionByArn",
            await _api.SendAsync(HttpMethod.Get, $"/2018-10-31/layers?find=LayerVersion&Arn={Uri.EscapeDataString(Arn + ":2")}"));
        Assert.Equal(JsonSerializer.Serialize(published), JsonSerializer.Serialize(byArn));

        var versions = await ServiceModel.AssertOutputAsync("ListLayerVersions", await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers/tools/versions"));
        Assert.Equal([2L, 1L], versions.GetProperty("LayerVersions").EnumerateArray().Select(v => v.GetProperty("Version").GetInt64()));
        var arm = await ServiceModel.AssertOutputAsync("ListLayerVersions",
            await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers/tools/versions?CompatibleArchitecture=arm64"));
        Assert.Equal(2, Assert.Single(arm.GetProperty("LayerVersions").EnumerateArray()).GetProperty("Version").GetInt64());

        var layers = await ServiceModel.AssertOutputAsync("ListLayers", await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers"));
        var item = Assert.Single(layers.GetProperty("Layers").EnumerateArray());
        Assert.Equal("tools", item.GetProperty("LayerName").GetString());
        Assert.Equal($"{Arn}:2", item.GetProperty("LatestMatchingVersion").GetProperty("LayerVersionArn").GetString());
        var none = await ServiceModel.AssertOutputAsync("ListLayers", await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers?CompatibleRuntime=provided.al2"));
        Assert.Empty(none.GetProperty("Layers").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_versions_are_not_found_and_bad_numbers_are_invalid()
    {
        var missing = await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers/tools/versions/7");
        Assert.Contains("The resource you requested does not exist", await ServiceModel.AssertErrorAsync("GetLayerVersion", "ResourceNotFoundException", missing));
        var bad = await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers/tools/versions/seven");
        Assert.Contains("Version number 'seven' is not valid", await ServiceModel.AssertErrorAsync("GetLayerVersion", "InvalidParameterValueException", bad));
        var empty = await ServiceModel.AssertOutputAsync("ListLayerVersions", await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers/nothing/versions"));
        Assert.Empty(empty.GetProperty("LayerVersions").EnumerateArray());
    }

    [Fact]
    public async Task Permissions_build_the_policy_with_a_new_revision_each_change()
    {
        await _api.PublishLayerAsync("tools", Zip("1"));
        var noPolicy = await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers/tools/versions/1/policy");
        Assert.Contains("No policy is associated", await ServiceModel.AssertErrorAsync("GetLayerVersionPolicy", "ResourceNotFoundException", noPolicy));

        var added = await ServiceModel.AssertOutputAsync("AddLayerVersionPermission", await _api.SendAsync(HttpMethod.Post,
            "/2018-10-31/layers/tools/versions/1/policy",
            new { StatementId = "partner", Action = "lambda:GetLayerVersion", Principal = "210987654321" }));
        Assert.Equal(
            $$"""{"Sid":"partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:GetLayerVersion","Resource":"{{Arn}}:1"}""",
            added.GetProperty("Statement").GetString());
        var revision = added.GetProperty("RevisionId").GetString();

        var org = await ServiceModel.AssertOutputAsync("AddLayerVersionPermission", await _api.SendAsync(HttpMethod.Post,
            $"/2018-10-31/layers/tools/versions/1/policy?RevisionId={revision}",
            new { StatementId = "org", Action = "lambda:GetLayerVersion", Principal = "*", OrganizationId = "o-abc123" }));
        Assert.Contains("""{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}""", org.GetProperty("Statement").GetString());
        Assert.NotEqual(revision, org.GetProperty("RevisionId").GetString());

        var stale = await _api.SendAsync(HttpMethod.Post, $"/2018-10-31/layers/tools/versions/1/policy?RevisionId={revision}",
            new { StatementId = "late", Action = "lambda:GetLayerVersion", Principal = "*" });
        await ServiceModel.AssertErrorAsync("AddLayerVersionPermission", "PreconditionFailedException", stale);
        var duplicate = await _api.SendAsync(HttpMethod.Post, "/2018-10-31/layers/tools/versions/1/policy",
            new { StatementId = "org", Action = "lambda:GetLayerVersion", Principal = "*" });
        Assert.Contains("The statement id (org) provided already exists", await ServiceModel.AssertErrorAsync("AddLayerVersionPermission", "ResourceConflictException", duplicate));
        var wrongAction = await _api.SendAsync(HttpMethod.Post, "/2018-10-31/layers/tools/versions/1/policy",
            new { StatementId = "x", Action = "lambda:InvokeFunction", Principal = "*" });
        Assert.Contains("--action lambda:GetLayerVersion", await ServiceModel.AssertErrorAsync("AddLayerVersionPermission", "InvalidParameterValueException", wrongAction));

        var policy = await ServiceModel.AssertOutputAsync("GetLayerVersionPolicy", await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers/tools/versions/1/policy"));
        var document = JsonDocument.Parse(policy.GetProperty("Policy").GetString()!).RootElement;
        Assert.Equal("2012-10-17", document.GetProperty("Version").GetString());
        Assert.Equal(["partner", "org"], document.GetProperty("Statement").EnumerateArray().Select(s => s.GetProperty("Sid").GetString()));
        Assert.Equal(org.GetProperty("RevisionId").GetString(), policy.GetProperty("RevisionId").GetString());

        await ServiceModel.AssertOutputAsync("RemoveLayerVersionPermission", await _api.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/tools/versions/1/policy/partner"));
        var again = await _api.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/tools/versions/1/policy/partner");
        Assert.Contains("Statement partner is not found", await ServiceModel.AssertErrorAsync("RemoveLayerVersionPermission", "ResourceNotFoundException", again));
        await ServiceModel.AssertOutputAsync("RemoveLayerVersionPermission", await _api.SendAsync(HttpMethod.Delete, "/2018-10-31/layers/tools/versions/1/policy/org"));
        await ServiceModel.AssertErrorAsync("GetLayerVersionPolicy", "ResourceNotFoundException", await _api.SendAsync(HttpMethod.Get, "/2018-10-31/layers/tools/versions/1/policy"));
    }

    private static byte[] Zip(string content) => TestZips.Create(TestZips.File("bin/tool", content, TestZips.Executable));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();
}
