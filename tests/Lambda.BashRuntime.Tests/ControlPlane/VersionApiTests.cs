using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>Versions, aliases, tags, reserved concurrency and account settings over HTTP, checked against the service model.</summary>
[SupportedOSPlatform("linux")]
[Trait("Category", TestBash.Category)]
public sealed class VersionApiTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private TestEmulator _host = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _host = await TestEmulator.StartAsync(new() { StateDirectory = _folder.Sub("state"), WorkDirectory = _folder.Sub("work") });
        _api = new LambdaApi(_host.Http);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    /// <summary>A function whose handler prints <paramref name="answer"/>.</summary>
    internal static byte[] Package(string answer)
        => TestZips.Create(
            TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
            TestZips.File("function.sh", $"handler() {{ printf {answer}; }}\n", TestZips.Executable));

    [ScriptFact]
    public async Task Published_versions_keep_their_own_code_and_an_unchanged_function_publishes_no_new_one()
    {
        await _api.CreateFunctionAsync("f", Package("one"));
        var first = await ServiceModel.AssertOutputAsync("PublishVersion", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/versions", new { Description = "first" }));
        Assert.Equal("1", first.GetProperty("Version").GetString());
        Assert.EndsWith(":function:f:1", first.GetProperty("FunctionArn").GetString());
        Assert.Equal("first", first.GetProperty("Description").GetString());
        await ServiceModel.AssertOutputAsync("UpdateFunctionCode", await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/f/code", new { ZipFile = Package("two") }));
        var second = await ServiceModel.AssertOutputAsync("PublishVersion", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/versions", new { }));
        Assert.Equal("2", second.GetProperty("Version").GetString());
        var again = await ServiceModel.AssertOutputAsync("PublishVersion", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/versions", new { }));
        Assert.Equal("2", again.GetProperty("Version").GetString());
        var wrongSha = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/versions", new { CodeSha256 = first.GetProperty("CodeSha256").GetString() });
        Assert.Contains("is different from current CodeSHA256", await ServiceModel.AssertErrorAsync("PublishVersion", "InvalidParameterValueException", wrongSha));

        var list = await ServiceModel.AssertOutputAsync("ListVersionsByFunction", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f/versions"));
        Assert.Equal(["$LATEST", "1", "2"], list.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
        Assert.EndsWith(":function:f:$LATEST", list.GetProperty("Versions")[0].GetProperty("FunctionArn").GetString());

        Assert.Equal(("one", "1"), await InvokeAsync("f", "?Qualifier=1"));
        Assert.Equal(("two", "2"), await InvokeAsync("f:2", ""));
        Assert.Equal(("two", "$LATEST"), await InvokeAsync("f", ""));
        var one = await ServiceModel.AssertOutputAsync("GetFunctionConfiguration", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f/configuration?Qualifier=1"));
        Assert.Equal(first.GetProperty("CodeSha256").GetString(), one.GetProperty("CodeSha256").GetString());
        Assert.EndsWith(":function:f:1", one.GetProperty("FunctionArn").GetString());
        var missing = await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f?Qualifier=9");
        Assert.Contains("function:f:9", await ServiceModel.AssertErrorAsync("GetFunction", "ResourceNotFoundException", missing));

        await ServiceModel.AssertOutputAsync("DeleteFunction", await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/f?Qualifier=1"));
        var after = await ServiceModel.AssertOutputAsync("ListVersionsByFunction", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f/versions"));
        Assert.Equal(["$LATEST", "2"], after.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
        var gone = await _host.InvokeAsync("f", Utf8("{}"), query: "?Qualifier=1");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [ScriptFact]
    public async Task An_alias_routes_by_its_weights_and_keeps_the_versions_it_names()
    {
        await _api.CreateFunctionAsync("f", Package("one"));
        await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/versions", new { });
        await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/f/code", new { ZipFile = Package("two") });
        await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/versions", new { });

        var created = await ServiceModel.AssertOutputAsync("CreateAlias", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/aliases", new
        {
            Name = "live",
            FunctionVersion = "1",
            RoutingConfig = new { AdditionalVersionWeights = new Dictionary<string, double> { ["2"] = 1.0 } },
        }));
        Assert.EndsWith(":function:f:live", created.GetProperty("AliasArn").GetString());
        Assert.Equal(("two", "2"), await InvokeAsync("f", "?Qualifier=live")); // weight 1: every invoke goes to version 2
        var updated = await ServiceModel.AssertOutputAsync("UpdateAlias", await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/f/aliases/live", new
        {
            RoutingConfig = new { AdditionalVersionWeights = new Dictionary<string, double> { ["2"] = 0.0 } },
        }));
        Assert.NotEqual(created.GetProperty("RevisionId").GetString(), updated.GetProperty("RevisionId").GetString());
        Assert.Equal(("one", "1"), await InvokeAsync("f:live", ""));
        var got = await ServiceModel.AssertOutputAsync("GetAlias", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f/aliases/live"));
        Assert.Equal("1", got.GetProperty("FunctionVersion").GetString());
        var config = await ServiceModel.AssertOutputAsync("GetFunction", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f?Qualifier=live"));
        Assert.Equal("1", config.GetProperty("Configuration").GetProperty("Version").GetString());
        var listed = await ServiceModel.AssertOutputAsync("ListAliases", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f/aliases?FunctionVersion=1"));
        Assert.Equal("live", Assert.Single(listed.GetProperty("Aliases").EnumerateArray()).GetProperty("Name").GetString());

        var toLatest = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/f/aliases/live", new
        {
            FunctionVersion = "$LATEST",
            RoutingConfig = new { AdditionalVersionWeights = new Dictionary<string, double> { ["2"] = 0.5 } },
        });
        Assert.Contains("Routing to $LATEST is not supported", await ServiceModel.AssertErrorAsync("UpdateAlias", "InvalidParameterValueException", toLatest));
        var twice = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/aliases", new { Name = "live", FunctionVersion = "2" });
        await ServiceModel.AssertErrorAsync("CreateAlias", "ResourceConflictException", twice);
        var referenced = await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/f?Qualifier=2");
        Assert.Contains("aliases reference it: [live]", await ServiceModel.AssertErrorAsync("DeleteFunction", "ResourceConflictException", referenced));

        await ServiceModel.AssertOutputAsync("DeleteAlias", await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/f/aliases/live"));
        await ServiceModel.AssertErrorAsync("GetAlias", "ResourceNotFoundException", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f/aliases/live"));
        Assert.Equal(HttpStatusCode.NotFound, (await _host.InvokeAsync("f", Utf8("{}"), query: "?Qualifier=live")).StatusCode);
    }

    [Fact]
    public async Task Create_time_tags_are_kept_and_tags_change_by_the_functions_arn()
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = "tagged",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = "function.handler",
            Code = new { ZipFile = Package("x") },
            Tags = new Dictionary<string, string> { ["team"] = "a" },
            Publish = true,
        });
        var created = await ServiceModel.AssertOutputAsync("CreateFunction", response);
        Assert.Equal("1", created.GetProperty("Version").GetString()); // with Publish, the version it published
        var arn = Uri.EscapeDataString("arn:aws:lambda:us-east-1:123456789012:function:tagged");
        var got = await ServiceModel.AssertOutputAsync("GetFunction", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/tagged"));
        Assert.Equal("a", got.GetProperty("Tags").GetProperty("team").GetString());

        await ServiceModel.AssertOutputAsync("TagResource", await _api.SendAsync(HttpMethod.Post, $"/2017-03-31/tags/{arn}", new { Tags = new Dictionary<string, string> { ["stage"] = "dev", ["team"] = "b" } }));
        var tags = await ServiceModel.AssertOutputAsync("ListTags", await _api.SendAsync(HttpMethod.Get, $"/2017-03-31/tags/{arn}"));
        Assert.Equal(["stage=dev", "team=b"], tags.GetProperty("Tags").EnumerateObject().Select(t => $"{t.Name}={t.Value.GetString()}"));
        await ServiceModel.AssertOutputAsync("UntagResource", await _api.SendAsync(HttpMethod.Delete, $"/2017-03-31/tags/{arn}?tagKeys=team"));
        tags = await ServiceModel.AssertOutputAsync("ListTags", await _api.SendAsync(HttpMethod.Get, $"/2017-03-31/tags/{arn}"));
        Assert.Equal(["stage"], tags.GetProperty("Tags").EnumerateObject().Select(t => t.Name));
        var reserved = await _api.SendAsync(HttpMethod.Post, $"/2017-03-31/tags/{arn}", new { Tags = new Dictionary<string, string> { ["aws:x"] = "y" } });
        Assert.Contains("not starting with 'aws:'", await ServiceModel.AssertErrorAsync("TagResource", "InvalidParameterValueException", reserved));
    }

    [ScriptFact]
    public async Task Reserved_concurrency_is_enforced_on_invoke_and_counted_in_the_account_settings()
    {
        await _api.CreateFunctionAsync("limited", Package("ok"));
        var put = await ServiceModel.AssertOutputAsync("PutFunctionConcurrency",
            await _api.SendAsync(HttpMethod.Put, "/2017-10-31/functions/limited/concurrency", new { ReservedConcurrentExecutions = 0 }));
        Assert.Equal(0, put.GetProperty("ReservedConcurrentExecutions").GetInt32());

        var throttled = await _host.InvokeAsync("limited", Utf8("{}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        using (var body = JsonDocument.Parse(await throttled.Content.ReadAsStringAsync()))
        {
            Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", body.RootElement.GetProperty("Reason").GetString());
        }
        var got = await ServiceModel.AssertOutputAsync("GetFunctionConcurrency", await _api.SendAsync(HttpMethod.Get, "/2019-09-30/functions/limited/concurrency"));
        Assert.Equal(0, got.GetProperty("ReservedConcurrentExecutions").GetInt32());
        var function = await ServiceModel.AssertOutputAsync("GetFunction", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/limited"));
        Assert.Equal(0, function.GetProperty("Concurrency").GetProperty("ReservedConcurrentExecutions").GetInt32());

        await _api.SendAsync(HttpMethod.Put, "/2017-10-31/functions/limited/concurrency", new { ReservedConcurrentExecutions = 300 });
        var account = await ServiceModel.AssertOutputAsync("GetAccountSettings", await _api.SendAsync(HttpMethod.Get, "/2016-08-19/account-settings"));
        Assert.Equal(700, account.GetProperty("AccountLimit").GetProperty("UnreservedConcurrentExecutions").GetInt32());
        Assert.Equal(1, account.GetProperty("AccountUsage").GetProperty("FunctionCount").GetInt64());
        var tooMuch = await _api.SendAsync(HttpMethod.Put, "/2017-10-31/functions/limited/concurrency", new { ReservedConcurrentExecutions = 901 });
        Assert.Contains("below its minimum value of [100]", await ServiceModel.AssertErrorAsync("PutFunctionConcurrency", "InvalidParameterValueException", tooMuch));

        await ServiceModel.AssertOutputAsync("DeleteFunctionConcurrency", await _api.SendAsync(HttpMethod.Delete, "/2017-10-31/functions/limited/concurrency"));
        Assert.Equal(("ok", "$LATEST"), await InvokeAsync("limited", ""));
        var none = await ServiceModel.AssertOutputAsync("GetFunctionConcurrency", await _api.SendAsync(HttpMethod.Get, "/2019-09-30/functions/limited/concurrency"));
        Assert.False(none.TryGetProperty("ReservedConcurrentExecutions", out _));
    }

    [Fact]
    public async Task A_version_and_an_alias_have_policies_of_their_own()
    {
        await _api.CreateFunctionAsync("f", Package("x"));
        await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/versions", new { });
        await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/aliases", new { Name = "live", FunctionVersion = "1" });
        var statement = new { StatementId = "s3", Action = "lambda:InvokeFunction", Principal = "s3.amazonaws.com" };

        var added = await ServiceModel.AssertOutputAsync("AddPermission", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/policy?Qualifier=live", statement));
        Assert.Contains("function:f:live\"", added.GetProperty("Statement").GetString());
        await ServiceModel.AssertOutputAsync("AddPermission", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/f/policy?Qualifier=1", statement));
        var policy = await ServiceModel.AssertOutputAsync("GetPolicy", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f/policy?Qualifier=1"));
        Assert.Contains("function:f:1\"", policy.GetProperty("Policy").GetString());
        await ServiceModel.AssertErrorAsync("GetPolicy", "ResourceNotFoundException", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f/policy"));
        await ServiceModel.AssertOutputAsync("RemovePermission", await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/f/policy/s3?Qualifier=live"));
        await ServiceModel.AssertErrorAsync("GetPolicy", "ResourceNotFoundException", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f/policy?Qualifier=live"));
    }

    [Fact]
    public async Task Versions_aliases_tags_and_concurrency_are_kept_in_the_state_dir()
    {
        await _api.CreateFunctionAsync("kept", Package("x"));
        await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/kept/versions", new { });
        await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/kept/aliases", new { Name = "live", FunctionVersion = "1" });
        await _api.SendAsync(HttpMethod.Post, "/2017-03-31/tags/" + Uri.EscapeDataString("arn:aws:lambda:us-east-1:123456789012:function:kept"), new { Tags = new Dictionary<string, string> { ["k"] = "v" } });
        await _api.SendAsync(HttpMethod.Put, "/2017-10-31/functions/kept/concurrency", new { ReservedConcurrentExecutions = 5 });
        await _host.DisposeAsync();

        _host = await TestEmulator.StartAsync(new() { StateDirectory = _folder.Sub("state"), WorkDirectory = _folder.Sub("work-2") });
        _api = new LambdaApi(_host.Http);
        var function = await ServiceModel.AssertOutputAsync("GetFunction", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/kept"));
        Assert.Equal("v", function.GetProperty("Tags").GetProperty("k").GetString());
        Assert.Equal(5, function.GetProperty("Concurrency").GetProperty("ReservedConcurrentExecutions").GetInt32());
        var alias = await ServiceModel.AssertOutputAsync("GetAlias", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/kept/aliases/live"));
        Assert.Equal("1", alias.GetProperty("FunctionVersion").GetString());
        Assert.NotNull(_host.Registry.Find("kept", "us-east-1", "live"));
    }

    private async Task<(string Answer, string? ExecutedVersion)> InvokeAsync(string name, string query)
    {
        using var response = await _host.InvokeAsync(name, Utf8("{}"), query: query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadAsStringAsync(), Header(response, "X-Amz-Executed-Version"));
    }
}
