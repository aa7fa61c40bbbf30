using System.Net;
using Lambda.BashRuntime.Tests.Emulator;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>ARNs of another region or account never reach the local function: 404 as Lambda answers them.</summary>
public sealed class ForeignArnTests : IAsyncLifetime
{
    private static readonly byte[] Code = TestZips.Create(TestZips.File("function.sh", "handler() { :; }\n", TestZips.Executable));
    private TestEmulator _host = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _host = await TestEmulator.StartAsync();
        _api = new LambdaApi(_host.Http, "eu-west-1");
        await _api.CreateFunctionAsync("local", Code);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("GET", "/2015-03-31/functions/{0}")]
    [InlineData("POST", "/2015-03-31/functions/{0}/invocations")]
    public async Task An_ARN_of_another_region_is_not_reachable_in_this_region(string method, string path)
    {
        using var response = await _api.SendAsync(new HttpMethod(method),
            string.Format(System.Globalization.CultureInfo.InvariantCulture, path, "arn:aws:lambda:us-west-2:123456789012:function:local"),
            method == "POST" ? "{}" : null);

        await InvokeApiTests.AssertAwsErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException",
            "Functions from 'us-west-2' are not reachable in this region ('eu-west-1')");
    }

    [Theory]
    [InlineData("GET", "/2015-03-31/functions/{0}")]
    [InlineData("POST", "/2015-03-31/functions/{0}/invocations")]
    public async Task An_ARN_of_another_account_is_not_found(string method, string path)
    {
        using var response = await _api.SendAsync(new HttpMethod(method),
            string.Format(System.Globalization.CultureInfo.InvariantCulture, path, "arn:aws:lambda:eu-west-1:999999999999:function:local"),
            method == "POST" ? "{}" : null);

        await InvokeApiTests.AssertAwsErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException",
            "Function not found: arn:aws:lambda:eu-west-1:999999999999:function:local. The local emulator has one account, 123456789012: functions of other accounts are not reachable.");
    }

    [Fact]
    public async Task The_ARN_of_this_region_and_account_reaches_the_function()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:local/invocations")
        {
            Content = new StringContent("{}"),
        };
        Lambda.BashRuntime.Testing.LocalAwsAuthorization.Apply(request, "eu-west-1");
        request.Headers.Add("X-Amz-Invocation-Type", "DryRun");

        using var response = await _host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
