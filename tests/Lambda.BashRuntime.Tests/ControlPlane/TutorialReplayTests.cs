using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>
/// The tutorial "Publishing a custom runtime", replayed step by step with the AWS CLI v2 against the emulator
/// (control plane and Invoke API), asserting what the tutorial shows at each step.
/// </summary>
[Trait("Category", TestBash.Category)]
[SupportedOSPlatform("linux")]
public sealed class TutorialReplayTests : IDisposable
{
    private const string Account = "123456789012";
    private const string Region = "us-west-2";
    private const string FunctionArn = $"arn:aws:lambda:{Region}:{Account}:function:bash-runtime";
    private const string LayerArn = $"arn:aws:lambda:{Region}:{Account}:layer:bash-runtime";
    private readonly TempFolder _folder = new();

    [ScriptFact]
    public async Task Tutorial_replayed_with_the_aws_cli()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, EchoFunctionLogs = false });
        var dir = _folder.Sub("runtime-tutorial");
        var aws = new AwsCli(host.BaseUrl.ToString().TrimEnd('/'), dir, Region);
        var bootstrap = File.ReadAllText(RepoPaths.Bootstrap);
        var functionScript = File.ReadAllText(RepoPaths.FunctionScript);

        // chmod 755 function.sh bootstrap; zip function.zip function.sh bootstrap
        var functionZip = TestZips.Create(
            TestZips.File("function.sh", functionScript, TestZips.Executable),
            TestZips.File("bootstrap", bootstrap, TestZips.Executable));
        TestZips.Save(dir, "function.zip", functionZip);

        // aws lambda create-function ... --runtime provided: the seed tutorial's runtime (Amazon Linux 1), which AWS
        // refuses for new functions; the emulator gives AWS's answer, and the tutorial goes on with provided.al2023.
        var refusedRuntime = await aws.LambdaFailsAsync("create-function", "--function-name", "bash-runtime",
            "--zip-file", "fileb://function.zip", "--handler", "function.handler", "--runtime", "provided",
            "--role", $"arn:aws:iam::{Account}:role/lambda-role");
        Assert.Contains("(InvalidParameterValueException) when calling the CreateFunction operation: The runtime parameter of provided is no longer supported for creating or updating AWS Lambda functions.", refusedRuntime);
        var created = (await aws.LambdaAsync("create-function", "--function-name", "bash-runtime",
            "--zip-file", "fileb://function.zip", "--handler", "function.handler", "--runtime", "provided.al2023",
            "--role", $"arn:aws:iam::{Account}:role/lambda-role"))!.Value;
        Assert.Equal("bash-runtime", created.GetProperty("FunctionName").GetString());
        Assert.Equal(FunctionArn, created.GetProperty("FunctionArn").GetString());
        Assert.Equal("provided.al2023", created.GetProperty("Runtime").GetString());
        Assert.Equal($"arn:aws:iam::{Account}:role/lambda-role", created.GetProperty("Role").GetString());
        Assert.Equal("function.handler", created.GetProperty("Handler").GetString());
        Assert.Equal(Sha256(functionZip), created.GetProperty("CodeSha256").GetString());
        Assert.Equal(functionZip.Length, created.GetProperty("CodeSize").GetInt64());
        Assert.Equal("$LATEST", created.GetProperty("Version").GetString());
        Assert.Equal("PassThrough", created.GetProperty("TracingConfig").GetProperty("Mode").GetString());
        var revision1 = Guid.Parse(created.GetProperty("RevisionId").GetString()!);

        // aws lambda invoke --payload '{"text":"Hello"}': the bootstrap comes from the function package.
        Assert.Equal(BootstrapSource.Code, await InvokeAndAssertEcho(aws, host.Functions, dir));

        // zip runtime.zip bootstrap; aws lambda publish-layer-version --layer-name bash-runtime --zip-file fileb://runtime.zip
        var runtimeZip = TestZips.Create(TestZips.File("bootstrap", bootstrap, TestZips.Executable));
        TestZips.Save(dir, "runtime.zip", runtimeZip);
        var layer1 = (await aws.LambdaAsync("publish-layer-version", "--layer-name", "bash-runtime", "--zip-file", "fileb://runtime.zip"))!.Value;
        Assert.Equal(1, layer1.GetProperty("Version").GetInt64());
        Assert.Equal(LayerArn, layer1.GetProperty("LayerArn").GetString());
        Assert.Equal($"{LayerArn}:1", layer1.GetProperty("LayerVersionArn").GetString());
        Assert.Equal(Sha256(runtimeZip), layer1.GetProperty("Content").GetProperty("CodeSha256").GetString());
        Assert.Equal(runtimeZip.Length, layer1.GetProperty("Content").GetProperty("CodeSize").GetInt64());
        Assert.Equal("", layer1.GetProperty("Description").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$", layer1.GetProperty("CreatedDate").GetString());

        // aws lambda update-function-configuration --function-name bash-runtime --layers <LayerVersionArn>
        var withLayer = (await aws.LambdaAsync("update-function-configuration", "--function-name", "bash-runtime", "--layers", $"{LayerArn}:1"))!.Value;
        var layerRef = Assert.Single(withLayer.GetProperty("Layers").EnumerateArray());
        Assert.Equal($"{LayerArn}:1", layerRef.GetProperty("Arn").GetString());
        Assert.Equal(runtimeZip.Length, layerRef.GetProperty("CodeSize").GetInt64());
        Assert.NotEqual(revision1, Guid.Parse(withLayer.GetProperty("RevisionId").GetString()!));

        // zip function-only.zip function.sh; aws lambda update-function-code --zip-file fileb://function-only.zip
        var functionOnlyZip = TestZips.Create(TestZips.File("function.sh", functionScript, TestZips.Executable));
        TestZips.Save(dir, "function-only.zip", functionOnlyZip);
        var updated = (await aws.LambdaAsync("update-function-code", "--function-name", "bash-runtime", "--zip-file", "fileb://function-only.zip"))!.Value;
        Assert.Equal(Sha256(functionOnlyZip), updated.GetProperty("CodeSha256").GetString());
        Assert.Equal(functionOnlyZip.Length, updated.GetProperty("CodeSize").GetInt64());

        var function = (await aws.LambdaAsync("get-function", "--function-name", "bash-runtime"))!.Value;
        var configuration = function.GetProperty("Configuration");
        Assert.Equal(Sha256(functionOnlyZip), configuration.GetProperty("CodeSha256").GetString());
        Assert.Equal(functionOnlyZip.Length, configuration.GetProperty("CodeSize").GetInt64());
        Assert.Equal($"{LayerArn}:1", Assert.Single(configuration.GetProperty("Layers").EnumerateArray()).GetProperty("Arn").GetString());
        Assert.Equal("S3", function.GetProperty("Code").GetProperty("RepositoryType").GetString());

        // Invoke again: same answer, the bootstrap now comes from the layer (/opt).
        Assert.Equal(BootstrapSource.Opt, await InvokeAndAssertEcho(aws, host.Functions, dir));

        // A second runtime version that prints the environment at start-up, published as version 2.
        var printingBootstrap = bootstrap.Replace("set -euo pipefail\n", "set -euo pipefail\necho \"## Environment variables:\" >&2\nenv >&2\n", StringComparison.Ordinal);
        Assert.NotEqual(bootstrap, printingBootstrap);
        TestZips.Save(dir, "runtime-v2.zip", TestZips.Create(TestZips.File("bootstrap", printingBootstrap, TestZips.Executable)));
        var layer2 = (await aws.LambdaAsync("publish-layer-version", "--layer-name", "bash-runtime", "--zip-file", "fileb://runtime-v2.zip"))!.Value;
        Assert.Equal(2, layer2.GetProperty("Version").GetInt64());
        Assert.Equal($"{LayerArn}:2", layer2.GetProperty("LayerVersionArn").GetString());

        var movedTo2 = (await aws.LambdaAsync("update-function-configuration", "--function-name", "bash-runtime", "--layers", $"{LayerArn}:2"))!.Value;
        Assert.Equal($"{LayerArn}:2", Assert.Single(movedTo2.GetProperty("Layers").EnumerateArray()).GetProperty("Arn").GetString());
        // The new runtime printed the environment when it started: Lambda's variables, not the developer's.
        var startLog = await InvokeWithLogAsync(aws);
        Assert.Contains("## Environment variables:", startLog);
        Assert.Contains("_HANDLER=function.handler", startLog);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY=secret\n", startLog); // the AWS CLI's (the developer's) secret
        Assert.Matches("AWS_ACCESS_KEY_ID=ASIA[A-Z2-7]{16}\n", startLog); // the environment's own, issued by the emulator
        Assert.Equal(BootstrapSource.Opt, await InvokeAndAssertEcho(aws, host.Functions, dir));
        Assert.Contains("## Environment variables:", File.ReadAllText(Path.Combine(host.Functions.Find("bash-runtime")!.OptDirectory!, "bootstrap")));

        // aws lambda add-layer-version-permission ... --principal "*" --statement-id publish --action lambda:GetLayerVersion
        var permission = (await aws.LambdaAsync("add-layer-version-permission", "--layer-name", "bash-runtime", "--version-number", "2",
            "--principal", "*", "--statement-id", "publish", "--action", "lambda:GetLayerVersion"))!.Value;
        var statement = JsonDocument.Parse(permission.GetProperty("Statement").GetString()!).RootElement;
        Assert.Equal(
            $$"""{"Sid":"publish","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"{{LayerArn}}:2"}""",
            JsonSerializer.Serialize(statement));
        var policyRevision = Guid.Parse(permission.GetProperty("RevisionId").GetString()!);
        var policy = (await aws.LambdaAsync("get-layer-version-policy", "--layer-name", "bash-runtime", "--version-number", "2"))!.Value;
        Assert.Equal(policyRevision, Guid.Parse(policy.GetProperty("RevisionId").GetString()!));
        Assert.Equal("publish", JsonDocument.Parse(policy.GetProperty("Policy").GetString()!).RootElement.GetProperty("Statement")[0].GetProperty("Sid").GetString());

        // Clean up: delete-layer-version 1 and 2 (no output).
        Assert.Null(await aws.LambdaAsync("delete-layer-version", "--layer-name", "bash-runtime", "--version-number", "1"));
        Assert.Null(await aws.LambdaAsync("delete-layer-version", "--layer-name", "bash-runtime", "--version-number", "2"));
        var versions = (await aws.LambdaAsync("list-layer-versions", "--layer-name", "bash-runtime"))!.Value;
        Assert.Empty(versions.GetProperty("LayerVersions").EnumerateArray());
        Assert.Contains("ResourceNotFoundException", await aws.LambdaFailsAsync("get-layer-version", "--layer-name", "bash-runtime", "--version-number", "2"));

        // The function still references version 2 and keeps working...
        var after = (await aws.LambdaAsync("get-function-configuration", "--function-name", "bash-runtime"))!.Value;
        Assert.Equal($"{LayerArn}:2", Assert.Single(after.GetProperty("Layers").EnumerateArray()).GetProperty("Arn").GetString());
        Assert.Equal(BootstrapSource.Opt, await InvokeAndAssertEcho(aws, host.Functions, dir));
        // ...but a new configuration naming the deleted version is refused.
        var refused = await aws.LambdaFailsAsync("update-function-configuration", "--function-name", "bash-runtime", "--layers", $"{LayerArn}:2");
        Assert.Contains("InvalidParameterValueException", refused);
        Assert.Contains($"Layer version {LayerArn}:2 does not exist", refused);

        // aws lambda delete-function
        Assert.Null(await aws.LambdaAsync("delete-function", "--function-name", "bash-runtime"));
        Assert.Null(host.Functions.Find("bash-runtime"));
        var gone = await aws.LambdaFailsAsync("get-function", "--function-name", "bash-runtime");
        Assert.Contains($"An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: {FunctionArn}.", gone);
    }

    public enum BootstrapSource { Code, Opt }

    /// <summary>
    /// `aws lambda invoke --function-name bash-runtime --payload '{"text":"Hello"}' response.txt
    /// --cli-binary-format raw-in-base64-out`: asserts the tutorial's output and response.txt, and returns where the
    /// bootstrap that served it came from (the function package, else the layers' /opt).
    /// </summary>
    private static async Task<BootstrapSource> InvokeAndAssertEcho(AwsCli aws, FunctionRegistry registry, string dir)
    {
        var response = Path.Combine(dir, "response.txt");
        File.Delete(response);
        var result = (await aws.LambdaAsync("invoke", "--function-name", "bash-runtime", "--payload", """{"text":"Hello"}""",
            "response.txt", "--cli-binary-format", "raw-in-base64-out"))!.Value;

        Assert.Equal("""{"StatusCode":200,"ExecutedVersion":"$LATEST"}""", JsonSerializer.Serialize(result));
        Assert.Equal("""Echoing request: '{"text":"Hello"}'""", File.ReadAllText(response));
        var function = registry.Find("bash-runtime")!;
        return File.Exists(Path.Combine(function.CodeDirectory, "bootstrap")) ? BootstrapSource.Code : BootstrapSource.Opt;
    }

    /// <summary>An invoke with --log-type Tail; returns the decoded log (which starts with a new runtime's output).</summary>
    private static async Task<string> InvokeWithLogAsync(AwsCli aws)
    {
        var result = (await aws.LambdaAsync("invoke", "--function-name", "bash-runtime", "--payload", """{"text":"Hello"}""",
            "response.txt", "--cli-binary-format", "raw-in-base64-out", "--log-type", "Tail"))!.Value;
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(result.GetProperty("LogResult").GetString()!));
    }

    private static string Sha256(byte[] zip) => Convert.ToBase64String(SHA256.HashData(zip));

    public void Dispose() => _folder.Dispose();
}
