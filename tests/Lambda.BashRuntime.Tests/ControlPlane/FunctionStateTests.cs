using System.Net;
using System.Runtime.Versioning;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>
/// Pending and InProgress as AWS goes through them, held for --state-transition-delay (8 s here, so the calls made
/// meanwhile never race it), and the AWS CLI's own waiters through /usr/bin/aws.
/// </summary>
[SupportedOSPlatform("linux")]
[Trait("Category", TestBash.Category)]
public sealed class FunctionStateTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private TestEmulator _host = null!;
    private LambdaApi _api = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _host = await TestEmulator.StartAsync(new() { WorkDirectory = _folder.Sub("work"), StateTransitionDelay = TimeSpan.FromSeconds(8) });
        _api = new LambdaApi(_host.Http);
        _cli = new AwsCli(_host.Endpoint, _folder.Path, "us-east-1");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [ScriptFact]
    public async Task A_new_function_is_Pending_and_refuses_invokes_until_wait_function_active_v2_returns()
    {
        var created = await _api.CreateFunctionAsync("states", VersionApiTests.Package("ok"));
        Assert.Equal("Pending", created.GetProperty("State").GetString());
        Assert.Equal("Creating", created.GetProperty("StateReasonCode").GetString());
        Assert.Equal("The function is being created.", created.GetProperty("StateReason").GetString());

        var early = await _host.InvokeAsync("states", Utf8("{}"));
        Assert.Contains("The operation cannot be performed at this time. The function is currently in the following state: Pending",
            await ServiceModel.AssertErrorAsync("Invoke", "ResourceConflictException", early));
        var update = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/states/configuration", new { Timeout = 5 });
        await ServiceModel.AssertErrorAsync("UpdateFunctionConfiguration", "ResourceConflictException", update);

        await _cli.LambdaAsync("wait", "function-active-v2", "--function-name", "states");

        var active = (await _cli.LambdaAsync("get-function", "--function-name", "states"))!.Value.GetProperty("Configuration");
        Assert.Equal("Active", active.GetProperty("State").GetString());
        Assert.Equal("Successful", active.GetProperty("LastUpdateStatus").GetString());
        Assert.False(active.TryGetProperty("StateReasonCode", out _));
        using var invoked = await _host.InvokeAsync("states", Utf8("{}"));
        Assert.Equal("ok", await invoked.Content.ReadAsStringAsync());
    }

    [ScriptFact]
    public async Task An_update_is_InProgress_refuses_the_next_one_until_wait_function_updated_v2_returns()
    {
        await _api.CreateFunctionAsync("updates", VersionApiTests.Package("ok"));
        await _cli.LambdaAsync("wait", "function-active-v2", "--function-name", "updates");

        var updated = await ServiceModel.AssertOutputAsync("UpdateFunctionConfiguration",
            await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/updates/configuration", new { Timeout = 5 }));
        Assert.Equal("Active", updated.GetProperty("State").GetString());
        Assert.Equal("InProgress", updated.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal("Creating", updated.GetProperty("LastUpdateStatusReasonCode").GetString());
        var next = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/updates/code", new { ZipFile = VersionApiTests.Package("two") });
        Assert.Contains("An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:updates",
            await ServiceModel.AssertErrorAsync("UpdateFunctionCode", "ResourceConflictException", next));
        var publish = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/updates/versions", new { });
        await ServiceModel.AssertErrorAsync("PublishVersion", "ResourceConflictException", publish);

        await _cli.LambdaAsync("wait", "function-updated-v2", "--function-name", "updates");

        var published = (await _cli.LambdaAsync("update-function-code", "--function-name", "updates", "--zip-file",
            "fileb://" + Zip("two"), "--publish"))!.Value;
        Assert.Equal("1", published.GetProperty("Version").GetString());
        Assert.Equal("InProgress", published.GetProperty("LastUpdateStatus").GetString());
        await _cli.LambdaAsync("wait", "function-updated-v2", "--function-name", "updates");
        await _cli.LambdaAsync("create-alias", "--function-name", "updates", "--name", "live", "--function-version", "1");
        var outFile = Path.Combine(_folder.Path, "out.txt");
        var invoked = (await _cli.LambdaAsync("invoke", "--function-name", "updates", "--qualifier", "live", outFile))!.Value;
        Assert.Equal("1", invoked.GetProperty("ExecutedVersion").GetString());
        Assert.Equal("two", await File.ReadAllTextAsync(outFile));
    }

    [ScriptFact]
    public async Task Invokes_during_an_update_InProgress_run_the_previous_code_and_configuration_then_the_new_one()
    {
        await _api.CreateFunctionAsync("inflight", VersionApiTests.Package("one"));
        await _cli.LambdaAsync("wait", "function-active-v2", "--function-name", "inflight");
        using (var warm = await _host.InvokeAsync("inflight", Utf8("{}")))
        {
            Assert.Equal("one", await warm.Content.ReadAsStringAsync());
        }

        var updated = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/inflight/code", new { ZipFile = VersionApiTests.Package("two") });
        Assert.Equal("InProgress", (await ServiceModel.AssertOutputAsync("UpdateFunctionCode", updated)).GetProperty("LastUpdateStatus").GetString());
        using (var during = await _host.InvokeAsync("inflight", Utf8("{}")))
        {
            Assert.Equal("one", await during.Content.ReadAsStringAsync()); // Lambda: the previous code until Successful
        }
        var configured = (await _cli.LambdaAsync("get-function-configuration", "--function-name", "inflight"))!.Value;
        Assert.Equal("InProgress", configured.GetProperty("LastUpdateStatus").GetString());

        await _cli.LambdaAsync("wait", "function-updated-v2", "--function-name", "inflight");
        using var after = await _host.InvokeAsync("inflight", Utf8("{}"));
        Assert.Equal("two", await after.Content.ReadAsStringAsync());
    }

    [ScriptFact]
    public async Task A_published_version_is_Pending_refuses_invokes_until_wait_published_version_active_returns()
    {
        await _api.CreateFunctionAsync("versioned", VersionApiTests.Package("v1"));
        await _cli.LambdaAsync("wait", "function-active-v2", "--function-name", "versioned");

        var published = (await _cli.LambdaAsync("publish-version", "--function-name", "versioned"))!.Value;
        Assert.Equal("1", published.GetProperty("Version").GetString());
        Assert.Equal("Pending", published.GetProperty("State").GetString());
        Assert.Equal("Creating", published.GetProperty("StateReasonCode").GetString());
        var early = await _host.InvokeAsync("versioned", Utf8("{}"), query: "?Qualifier=1");
        Assert.Contains("The function is currently in the following state: Pending",
            await ServiceModel.AssertErrorAsync("Invoke", "ResourceConflictException", early));
        using (var latest = await _host.InvokeAsync("versioned", Utf8("{}")))
        {
            Assert.Equal("v1", await latest.Content.ReadAsStringAsync()); // $LATEST stays Active meanwhile
        }

        await _cli.LambdaAsync("wait", "published-version-active", "--function-name", "versioned", "--qualifier", "1");

        var active = (await _cli.LambdaAsync("get-function-configuration", "--function-name", "versioned", "--qualifier", "1"))!.Value;
        Assert.Equal("Active", active.GetProperty("State").GetString());
        using var invoked = await _host.InvokeAsync("versioned", Utf8("{}"), query: "?Qualifier=1");
        Assert.Equal("v1", await invoked.Content.ReadAsStringAsync());
        Assert.Equal("1", Header(invoked, "X-Amz-Executed-Version"));
    }

    [ScriptFact]
    public async Task Wait_function_exists_returns_once_the_function_is_there()
    {
        await _api.CreateFunctionAsync("exists", VersionApiTests.Package("ok"));

        await _cli.LambdaAsync("wait", "function-exists", "--function-name", "exists");

        var missing = await _host.InvokeAsync("nope", Utf8("{}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private string Zip(string answer)
    {
        var path = Path.Combine(_folder.Path, answer + ".zip");
        File.WriteAllBytes(path, VersionApiTests.Package(answer));
        return path;
    }
}
