using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.FunctionUrls;

/// <summary>
/// The function URL and function policy operations over HTTP, each answer checked against the CLI's service model
/// (InvokeMode and InvokedViaFunctionUrl, newer than that model, by value).
/// </summary>
public sealed class FunctionUrlApiTests : IAsyncLifetime
{
    private TestEmulator _host = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _host = await TestEmulator.StartAsync();
        _api = new LambdaApi(_host.Http, "eu-west-1");
        await _api.CreateFunctionAsync("web", UrlFunction.Zip());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Url_configs_follow_the_service_models_paths_codes_and_shapes()
    {
        var cors = new { AllowOrigins = new[] { "https://app.example" }, AllowMethods = new[] { "GET" }, MaxAge = 60 };
        var created = await ServiceModel.AssertOutputAsync("CreateFunctionUrlConfig",
            await _api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/web/url", new { AuthType = "NONE", Cors = cors, InvokeMode = "RESPONSE_STREAM" }));
        var url = created.GetProperty("FunctionUrl").GetString()!;
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", url);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:web", created.GetProperty("FunctionArn").GetString());
        Assert.Equal("RESPONSE_STREAM", created.GetProperty("InvokeMode").GetString());
        Assert.Equal(60, created.GetProperty("Cors").GetProperty("MaxAge").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", created.GetProperty("CreationTime").GetString());

        var got = await ServiceModel.AssertOutputAsync("GetFunctionUrlConfig", await _api.SendAsync(HttpMethod.Get, "/2021-10-31/functions/web/url"));
        Assert.Equal(url, got.GetProperty("FunctionUrl").GetString());

        var updated = await ServiceModel.AssertOutputAsync("UpdateFunctionUrlConfig",
            await _api.SendAsync(HttpMethod.Put, "/2021-10-31/functions/web/url", new { AuthType = "AWS_IAM", InvokeMode = "BUFFERED" }));
        Assert.Equal("AWS_IAM", updated.GetProperty("AuthType").GetString());
        Assert.Equal("BUFFERED", updated.GetProperty("InvokeMode").GetString());
        Assert.Equal(60, updated.GetProperty("Cors").GetProperty("MaxAge").GetInt32()); // members not given are kept
        Assert.Equal(url, updated.GetProperty("FunctionUrl").GetString()); // a URL never changes

        var listed = await ServiceModel.AssertOutputAsync("ListFunctionUrlConfigs", await _api.SendAsync(HttpMethod.Get, "/2021-10-31/functions/web/urls"));
        Assert.Equal(url, Assert.Single(listed.GetProperty("FunctionUrlConfigs").EnumerateArray()).GetProperty("FunctionUrl").GetString());

        await ServiceModel.AssertOutputAsync("DeleteFunctionUrlConfig", await _api.SendAsync(HttpMethod.Delete, "/2021-10-31/functions/web/url"));
        var gone = await ServiceModel.AssertErrorAsync("GetFunctionUrlConfig", "ResourceNotFoundException", await _api.SendAsync(HttpMethod.Get, "/2021-10-31/functions/web/url"));
        Assert.Contains("create-function-url-config", gone);
    }

    [Fact]
    public async Task Bad_url_configs_are_refused_with_what_to_fix()
    {
        var badAuth = await ServiceModel.AssertErrorAsync("CreateFunctionUrlConfig", "InvalidParameterValueException",
            await _api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/web/url", new { AuthType = "PUBLIC" }));
        Assert.Contains("NONE", badAuth);
        await ServiceModel.AssertErrorAsync("CreateFunctionUrlConfig", "InvalidParameterValueException",
            await _api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/web/url", new { AuthType = "NONE", InvokeMode = "STREAMING" }));
        await ServiceModel.AssertErrorAsync("CreateFunctionUrlConfig", "InvalidParameterValueException",
            await _api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/web/url", new { AuthType = "NONE", Cors = new { MaxAge = 90000 } }));
        var version = await ServiceModel.AssertErrorAsync("CreateFunctionUrlConfig", "InvalidParameterValueException",
            await _api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/web/url?Qualifier=1", new { AuthType = "NONE" }));
        Assert.Contains("never a version number", version);
        await ServiceModel.AssertErrorAsync("CreateFunctionUrlConfig", "ResourceNotFoundException",
            await _api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/nobody/url", new { AuthType = "NONE" }));

        await ServiceModel.AssertOutputAsync("CreateFunctionUrlConfig", await _api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/web/url", new { AuthType = "NONE" }));
        var twice = await ServiceModel.AssertErrorAsync("CreateFunctionUrlConfig", "ResourceConflictException",
            await _api.SendAsync(HttpMethod.Post, "/2021-10-31/functions/web/url", new { AuthType = "NONE" }));
        Assert.Contains("update-function-url-config", twice);
    }

    [Fact]
    public async Task Policy_statements_are_written_as_Lambda_writes_them()
    {
        var url = await ServiceModel.AssertOutputAsync("AddPermission", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/web/policy",
            new { StatementId = "FunctionURLAllowPublicAccess", Action = "lambda:InvokeFunctionUrl", Principal = "*", FunctionUrlAuthType = "NONE" }));
        Assert.Equal(
            """{"Sid":"FunctionURLAllowPublicAccess","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"arn:aws:lambda:eu-west-1:123456789012:function:web","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}""",
            url.GetProperty("Statement").GetString());
        var invoke = await ServiceModel.AssertOutputAsync("AddPermission", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/web/policy",
            new { StatementId = "FunctionURLInvokeAllowPublicAccess", Action = "lambda:InvokeFunction", Principal = "*", InvokedViaFunctionUrl = true }));
        Assert.Contains("""
            "Condition":{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}
            """, invoke.GetProperty("Statement").GetString());

        var policy = await ServiceModel.AssertOutputAsync("GetPolicy", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/web/policy"));
        var document = JsonDocument.Parse(policy.GetProperty("Policy").GetString()!).RootElement;
        Assert.Equal("2012-10-17", document.GetProperty("Version").GetString());
        Assert.Equal(["FunctionURLAllowPublicAccess", "FunctionURLInvokeAllowPublicAccess"],
            document.GetProperty("Statement").EnumerateArray().Select(s => s.GetProperty("Sid").GetString()));

        await ServiceModel.AssertErrorAsync("AddPermission", "ResourceConflictException", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/web/policy",
            new { StatementId = "FunctionURLAllowPublicAccess", Action = "lambda:InvokeFunctionUrl", Principal = "*" }));
        var wrongAction = await ServiceModel.AssertErrorAsync("AddPermission", "InvalidParameterValueException", await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions/web/policy",
            new { StatementId = "x", Action = "lambda:InvokeFunctionUrl", Principal = "*", InvokedViaFunctionUrl = true }));
        Assert.Contains("lambda:InvokeFunction", wrongAction);
        await ServiceModel.AssertErrorAsync("RemovePermission", "PreconditionFailedException",
            await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/web/policy/FunctionURLAllowPublicAccess?RevisionId=stale"));

        await ServiceModel.AssertOutputAsync("RemovePermission", await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/web/policy/FunctionURLAllowPublicAccess"));
        await ServiceModel.AssertOutputAsync("RemovePermission", await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/web/policy/FunctionURLInvokeAllowPublicAccess"));
        await ServiceModel.AssertErrorAsync("RemovePermission", "ResourceNotFoundException", await _api.SendAsync(HttpMethod.Delete, "/2015-03-31/functions/web/policy/nothing"));
        var empty = await ServiceModel.AssertErrorAsync("GetPolicy", "ResourceNotFoundException", await _api.SendAsync(HttpMethod.Get, "/2015-03-31/functions/web/policy"));
        Assert.Contains("add-permission", empty);
    }
}
