using Lambda.BashRuntime.Emulator.Cli;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// An emulator as `dotnet run` starts it for a `--http` project: the web console on, the template's HTTP function
/// (http/function.sh and json.sh) registered with an environment variable, and given a public function URL with both
/// statements AWS asks for, as the FunctionUrl target makes it.
/// </summary>
public sealed class HttpConsoleSession(TestEmulator emulator, string project, string url) : ProjectConsoleSession(emulator, project)
{
    public const string Token = "console-http-test-token-0123456789";
    public const string FunctionName = "HelloHttp";

    /// <summary>The function URL, http://127.0.0.1:PORT/.</summary>
    public string Url { get; } = url;

    public static async Task<HttpConsoleSession> StartAsync(bool withUrl = true)
    {
        var http = Path.Combine(RepoPaths.Template, "http");
        var project = CreateProject("lambda-bash-console-http-", http);
        var events = Path.Combine(project, "events");
        var zip = Path.Combine(project, "function.zip");
        File.WriteAllBytes(zip, TestZips.Create(
            TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
            TestZips.File("function.sh", File.ReadAllBytes(Path.Combine(http, "function.sh")), TestZips.Executable),
            TestZips.File("json.sh", File.ReadAllBytes(Path.Combine(http, "json.sh")), TestZips.Executable)));
        var emulator = await TestEmulator.StartAsync(new EmulatorOptions
        {
            WebConsole = new ConsoleOptions { Token = Token, EventsDirectory = events, ProjectFunction = FunctionName },
        }, maxConcurrency: 2);
        new FunctionConfig
        {
            FunctionName = FunctionName, PackageZip = zip, ProjectDirectory = project,
            Environment = new() { ["GREETING"] = "Hello from the config", ["STAGE"] = "local" },
        }.Register(emulator.Host);
        var url = "";
        if (withUrl)
        {
            var services = emulator.Host.Services;
            var region = emulator.Host.Options.Region;
            var (_, created) = await services.GetRequiredService<FunctionUrlService>().CreateAsync(
                FunctionName, null, new CreateFunctionUrlConfigRequest { AuthType = "NONE" }, region);
            var policies = services.GetRequiredService<FunctionPolicyService>();
            policies.AddPermission(FunctionName, null, new AddPermissionRequest
            {
                StatementId = "FunctionURLAllowPublicAccess", Action = "lambda:InvokeFunctionUrl", Principal = "*", FunctionUrlAuthType = "NONE",
            }, region);
            policies.AddPermission(FunctionName, null, new AddPermissionRequest
            {
                StatementId = "FunctionURLInvokeAllowPublicAccess", Action = "lambda:InvokeFunction", Principal = "*", InvokedViaFunctionUrl = true,
            }, region);
            url = created.Url;
        }
        return new HttpConsoleSession(emulator, project, url);
    }

    /// <summary>A second function of the same code, without a URL, created as `aws lambda create-function` would.</summary>
    public void CreateFunction(string name, int timeout)
        => Host.Services.GetRequiredService<FunctionService>().Create(new CreateFunctionRequest
        {
            FunctionName = name, Handler = "function.handler", Runtime = "provided.al2023", Timeout = timeout,
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Code = new FunctionCodeInput(File.ReadAllBytes(Path.Combine(ProjectDirectory, "function.zip")), null, null, null, null),
        }, Host.Options.Region);
}
