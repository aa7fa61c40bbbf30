using System.IO.Compression;
using System.Net;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text.Json;
using Lambda.BashRuntime.Testing;
using Lambda.BashRuntime.Tests.FunctionUrls;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Packaging;

/// <summary>
/// The SDK package's native emulator (Native AOT, linux-x64), taken from the package the test run packed: what
/// `dotnet run` starts on Linux x64. The in-process tests run the JIT-compiled emulator; these check that the
/// ahead-of-time build answers the same way where it could differ (no reflection-based JSON, embedded files, crypto
/// for SigV4, process starts, the generated request handlers).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class NativeEmulatorTests : IDisposable
{
    private const string Account = "123456789012";
    private const string Region = "us-west-2";
    private const string NativeEntry = "tools/emulator-linux-x64/Lambda.BashRuntime.Emulator";
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_package_carries_the_IL_emulator_and_the_native_linux_x64_one_without_its_symbols()
    {
        var templates = await PackedTemplates.GetAsync();
        using var package = ZipFile.OpenRead(templates.PackagePath("Lambda.BashRuntime.Sdk"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("tools/emulator/Lambda.BashRuntime.Emulator.dll", entries);
        Assert.Equal([NativeEntry], entries.Where(e => e.StartsWith("tools/emulator-linux-x64/", StringComparison.Ordinal)));
        using var native = package.GetEntry(NativeEntry)!.Open();
        var header = new byte[4];
        native.ReadExactly(header);
        Assert.Equal("\u007fELF"u8.ToArray(), header);
    }

    [LinuxFact("the SDK's native emulator is built for and runs on linux-x64")]
    public async Task The_native_emulator_answers_the_tutorials_calls_the_console_and_a_function_URL()
    {
        Assert.Equal("linux-x64", RuntimeInformation.RuntimeIdentifier); // where the SDK package's native build runs
        var emulatorPath = await ExtractNativeEmulatorAsync();
        var dir = _folder.Sub("tutorial");
        var start = EmulatorProcess.Command(emulatorPath, ["start", "--port", "0"]);
        start.Environment["LAMBDA_CONSOLE_TOKEN"] = "native-test-token"; // never on the command line
        await using var emulator = await EmulatorProcess.StartAsync(start, TimeSpan.FromSeconds(30));
        var aws = new AwsCli(emulator.Endpoint.ToString().TrimEnd('/'), dir, Region);

        // The tutorial's steps: create, invoke, a runtime layer, the function on the layer, invoke from /opt.
        var bootstrap = File.ReadAllText(RepoPaths.Bootstrap);
        var functionScript = File.ReadAllText(RepoPaths.FunctionScript);
        TestZips.Save(dir, "function.zip", TestZips.Create(
            TestZips.File("function.sh", functionScript, TestZips.Executable), TestZips.File("bootstrap", bootstrap, TestZips.Executable)));
        var created = (await aws.LambdaAsync("create-function", "--function-name", "bash-runtime", "--zip-file", "fileb://function.zip",
            "--handler", "function.handler", "--runtime", "provided.al2023", "--role", $"arn:aws:iam::{Account}:role/lambda-role"))!.Value;
        Assert.Equal($"arn:aws:lambda:{Region}:{Account}:function:bash-runtime", created.GetProperty("FunctionArn").GetString());
        await InvokeAndAssertEchoAsync(aws, dir);

        TestZips.Save(dir, "runtime.zip", TestZips.Create(TestZips.File("bootstrap", bootstrap, TestZips.Executable)));
        var layer = (await aws.LambdaAsync("publish-layer-version", "--layer-name", "bash-runtime", "--zip-file", "fileb://runtime.zip"))!.Value;
        var layerVersionArn = layer.GetProperty("LayerVersionArn").GetString()!;
        await aws.LambdaAsync("update-function-configuration", "--function-name", "bash-runtime", "--layers", layerVersionArn);
        TestZips.Save(dir, "function-only.zip", TestZips.Create(TestZips.File("function.sh", functionScript, TestZips.Executable)));
        await aws.LambdaAsync("update-function-code", "--function-name", "bash-runtime", "--zip-file", "fileb://function-only.zip");
        await InvokeAndAssertEchoAsync(aws, dir);
        var statement = (await aws.LambdaAsync("add-layer-version-permission", "--layer-name", "bash-runtime", "--version-number", "1",
            "--principal", "*", "--statement-id", "publish", "--action", "lambda:GetLayerVersion"))!.Value;
        Assert.Contains("\"Sid\":\"publish\"", statement.GetProperty("Statement").GetString());

        // An Event invoke, a Tail log, and AWS's error answer.
        var queued = (await aws.LambdaAsync("invoke", "--function-name", "bash-runtime", "--invocation-type", "Event",
            "--payload", """{"text":"later"}""", "event.txt", "--cli-binary-format", "raw-in-base64-out"))!.Value;
        Assert.Equal(202, queued.GetProperty("StatusCode").GetInt32());
        var tailed = (await aws.LambdaAsync("invoke", "--function-name", "bash-runtime", "--payload", "{}", "tail.txt",
            "--cli-binary-format", "raw-in-base64-out", "--log-type", "Tail"))!.Value;
        Assert.Contains("REPORT RequestId:", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(tailed.GetProperty("LogResult").GetString()!)));
        Assert.Contains("(ResourceNotFoundException) when calling the GetFunction operation: Function not found:",
            await aws.LambdaFailsAsync("get-function", "--function-name", "nobody"));

        // A function URL (a function that answers JSON) with AWS's two public-access statements (the CLI v2 here has
        // no --invoked-via-function-url), called over HTTP.
        await UrlFunction.CreateAsync(aws, dir, "url-fn");
        var url = (await aws.LambdaAsync("create-function-url-config", "--function-name", "url-fn", "--auth-type", "NONE"))!.Value
            .GetProperty("FunctionUrl").GetString()!;
        await aws.LambdaAsync("add-permission", "--function-name", "url-fn", "--statement-id", "FunctionURLAllowPublicAccess",
            "--action", "lambda:InvokeFunctionUrl", "--principal", "*", "--function-url-auth-type", "NONE");
        using (var api = SignedHttp.Create(emulator.Endpoint, Region))
        using (var allowed = await api.PostAsync("2015-03-31/functions/url-fn/policy", new StringContent(
            """{"StatementId":"FunctionURLInvokeAllowPublicAccess","Action":"lambda:InvokeFunction","Principal":"*","InvokedViaFunctionUrl":true}""",
            System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        }
        using (var http = new HttpClient())
        using (var answer = await http.GetAsync(url + "event"))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var urlEvent = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement; // base64 from the function, decoded by the URL
            Assert.Equal("GET", urlEvent.GetProperty("requestContext").GetProperty("http").GetProperty("method").GetString());
        }

        // The web console: its page (embedded files) and, with the token's cookie, its API.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = emulator.Endpoint };
        using (var page = await browser.GetAsync("console/?token=native-test-token"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        var functions = JsonDocument.Parse(await browser.GetStringAsync("console/api/functions")).RootElement;
        Assert.Contains(functions.EnumerateArray(), f => f.GetProperty("name").GetString() == "bash-runtime");
        using (var refused = await new HttpClient().GetAsync(new Uri(emulator.Endpoint, "console/api/functions")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("MissingConsoleToken", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }

        Assert.Null(await aws.LambdaAsync("delete-function", "--function-name", "bash-runtime"));
        Assert.False(emulator.Process.HasExited);
    }

    [Fact]
    public async Task The_native_emulator_generates_events_from_its_embedded_samples()
    {
        var emulatorPath = await ExtractNativeEmulatorAsync();
        var result = await Command.RunAsync(emulatorPath, ["generate-event", "sqs"], _folder.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("aws:sqs", JsonDocument.Parse(result.Output).RootElement.GetProperty("Records")[0].GetProperty("eventSource").GetString());
    }

    private static async Task InvokeAndAssertEchoAsync(AwsCli aws, string dir)
    {
        var result = (await aws.LambdaAsync("invoke", "--function-name", "bash-runtime", "--payload", """{"text":"Hello"}""",
            "response.txt", "--cli-binary-format", "raw-in-base64-out"))!.Value;
        Assert.Equal(200, result.GetProperty("StatusCode").GetInt32());
        Assert.Equal("""Echoing request: '{"text":"Hello"}'""", File.ReadAllText(Path.Combine(dir, "response.txt")));
    }

    private async Task<string> ExtractNativeEmulatorAsync()
    {
        var templates = await PackedTemplates.GetAsync();
        using var package = ZipFile.OpenRead(templates.PackagePath("Lambda.BashRuntime.Sdk"));
        var entry = package.GetEntry(NativeEntry);
        Assert.True(entry is not null, $"the SDK package has no {NativeEntry}: was it packed on Linux x64 with clang installed?");
        var path = Path.Combine(_folder.Sub("native"), "Lambda.BashRuntime.Emulator");
        entry.ExtractToFile(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // a zip entry extracted here has no mode
        return path;
    }

    public void Dispose() => _folder.Dispose();
}
