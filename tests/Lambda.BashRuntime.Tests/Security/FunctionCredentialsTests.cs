using System.Net;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Security;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Security;

/// <summary>
/// Each environment's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, issued by the emulator for its
/// function: with them a function may invoke functions and read, through the AWS CLI as on Lambda, and its
/// control-plane writes are refused with AWS's AccessDeniedException unless --allow-function-writes.
/// </summary>
public sealed class FunctionCredentialsTests : IDisposable
{
    private readonly FunctionFolder _folder = new(true, ("sandbox.sh", Handlers.Run));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_function_invokes_and_reads_with_its_credentials_and_is_refused_control_plane_writes()
    {
        await using var emulator = await StartAsync(allowWrites: false);

        // The AWS CLI inside the function, with nothing but the environment Lambda gives it.
        var invoked = await RunAsync(emulator, $"aws lambda invoke --function-name target --payload e30= --endpoint-url {emulator.Endpoint} /dev/stdout");
        Assert.Contains("ok {}", invoked);
        Assert.EndsWith("status 0", invoked);
        var read = await RunAsync(emulator, $"aws lambda get-function-configuration --function-name target --endpoint-url {emulator.Endpoint}");
        Assert.EndsWith("status 0", read);

        var update = await RunAsync(emulator,
            $"aws lambda update-function-configuration --function-name target --timeout 9 --endpoint-url {emulator.Endpoint}");

        Assert.Contains("AccessDeniedException", update);
        Assert.Contains("assumed-role/run-role/run is not authorized to perform: lambda:UpdateFunctionConfiguration on resource: "
            + "arn:aws:lambda:us-east-1:123456789012:function:target", update);
        Assert.Contains("--allow-function-writes", update);
        Assert.EndsWith("status 254", update);
        Assert.Equal(3, emulator.Registry.Find("target")!.TimeoutSeconds);
    }

    [Fact]
    public async Task A_function_signing_with_made_up_credentials_is_still_refused_control_plane_writes()
    {
        await using var emulator = await StartAsync(allowWrites: false);

        var update = await RunAsync(emulator, "env -u AWS_SESSION_TOKEN AWS_ACCESS_KEY_ID=AKIDMADEUP AWS_SECRET_ACCESS_KEY=x "
            + $"aws lambda update-function-configuration --function-name target --timeout 9 --endpoint-url {emulator.Endpoint}");

        // Linux tells which process holds the connection's other end: one of the function's environment.
        Assert.Contains("AccessDeniedException", update);
        Assert.Contains("User: a process of function run's execution environment is not authorized to perform: "
            + "lambda:UpdateFunctionConfiguration", update);
        Assert.Equal(3, emulator.Registry.Find("target")!.TimeoutSeconds);
    }

    [Fact]
    public async Task With_allow_function_writes_a_function_may_change_the_control_plane()
    {
        await using var emulator = await StartAsync(allowWrites: true);

        var update = await RunAsync(emulator,
            $"aws lambda update-function-configuration --function-name target --timeout 9 --endpoint-url {emulator.Endpoint}");

        Assert.EndsWith("status 0", update);
        Assert.Equal(9, emulator.Registry.Find("target")!.TimeoutSeconds);
    }

    [Fact]
    public async Task Each_environment_gets_its_own_credentials_and_a_wrong_session_token_is_refused()
    {
        await using var emulator = await StartAsync(allowWrites: false);
        var environment = await RunAsync(emulator, "env");
        string Value(string name) => environment.Split('\n').Single(l => l.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
        var keyId = Value("AWS_ACCESS_KEY_ID");
        Assert.Matches("^ASIA[A-Z2-7]{16}$", keyId);
        Assert.Equal(40, Value("AWS_SECRET_ACCESS_KEY").Length);
        Assert.NotEmpty(Value("AWS_SESSION_TOKEN"));

        using var http = new HttpClient { BaseAddress = emulator.Host.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/2015-03-31/functions/target/configuration");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20261203T000000Z");
        request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", "not-the-token");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={keyId}/20261203/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature={new string('0', 64)}");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("UnrecognizedClientException", Header(response, "X-Amzn-ErrorType"));
    }

    [Theory]
    [InlineData("GET", "/2015-03-31/functions/f/configuration", null)]
    [InlineData("POST", "/2015-03-31/functions/f/invocations", null)]
    [InlineData("POST", "/2014-11-13/functions/f/invoke-async/", null)]
    [InlineData("POST", "/2015-03-31/functions", "lambda:CreateFunction")]
    [InlineData("PUT", "/2015-03-31/functions/f/code", "lambda:UpdateFunctionCode")]
    [InlineData("DELETE", "/2015-03-31/functions/f", "lambda:DeleteFunction")]
    [InlineData("POST", "/2015-03-31/functions/f/policy", "lambda:AddPermission")]
    [InlineData("DELETE", "/2018-10-31/layers/l/versions/1", "lambda:DeleteLayerVersion")]
    [InlineData("PATCH", "/anything", "lambda:* (PATCH /anything)")]
    public void Reads_and_invokes_are_a_functions_every_other_request_is_a_write_named_as_IAM_names_it(
        string method, string path, string? refused)
        => Assert.Equal(refused, FunctionRequests.RefusedAction(method, path));

    private async Task<TestEmulator> StartAsync(bool allowWrites)
    {
        var emulator = await TestEmulator.StartAsync(configure: o => o.AllowFunctionWrites = allowWrites);
        emulator.Host.AddFunction("run", _folder.Code, handler: "sandbox.handler", timeoutSeconds: 30);
        // Through the control plane, as a function the developer deployed (its configuration can be updated).
        await new LambdaApi(emulator.Http, "us-east-1").CreateFunctionAsync("target", TestZips.Create(
            TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
            TestZips.File("function.sh", Handlers.Special)));
        return emulator;
    }

    private static async Task<string> RunAsync(TestEmulator emulator, string command)
    {
        using var response = await emulator.InvokeAsync("run", Utf8(JsonSerializer.Serialize(command)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
