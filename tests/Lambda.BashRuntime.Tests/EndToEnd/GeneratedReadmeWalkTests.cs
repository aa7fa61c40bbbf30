using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lambda.BashRuntime.Testing;
using Lambda.BashRuntime.Tests.Infrastructure;
using Lambda.BashRuntime.Tests.Template;

namespace Lambda.BashRuntime.Tests.EndToEnd;

/// <summary>
/// Each generated README tried as a new user would: every command of its code blocks, in order, in a generated project
/// (a git repository, so that what the commands leave behind shows), with the AWS CLI v2 first on PATH and dummy
/// credentials, and what it gives checked against what the README says it gives. `dotnet run` is started in the
/// background where the README leaves it running, on a free port instead of 3001 (the commands are pointed at it). A
/// command the walk does not know fails the test, so a command added to a README is walked too. The Japanese READMEs
/// have the same commands (LocalizationTests checks it, and the walk of each layout checks its Japanese command list).
/// </summary>
public sealed partial class GeneratedReadmeWalkTests
{
    private const string DefaultAnswer = """Echoing request: '{"text":"Hello"}'""";

    public static TheoryData<string, string[]> Layouts() => new()
    {
        { "Default", [] },
        { "Http", ["--http"] },
        { "Tests", ["--tests", "--readme-language", "both"] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Every_command_of_the_generated_README_gives_what_the_README_says(string layout, string[] options)
    {
        var name = $"Readme{layout}";
        var (templates, root) = await PackedTemplates.NewProjectAsync(name, options);
        var solution = options.Contains("--tests");
        var project = solution ? Path.Combine(root, name) : root;
        var http = options.Contains("--http");
        await using var walk = new Walk(templates, root);
        await walk.InitGitAsync();

        if (solution)
        {
            var top = ReadmeCommands.Read(Path.Combine(root, "README.md"));
            Assert.Equal(top.Select(c => c.Text), ReadmeCommands.Read(Path.Combine(root, "README.ja.md")).Select(c => c.Text));
            await WalkSolutionReadmeAsync(walk, top, name);
        }
        var readme = ReadmeCommands.Read(Path.Combine(project, "README.md"));
        if (File.Exists(Path.Combine(project, "README.ja.md")))
        {
            Assert.Equal(readme.Select(c => c.Text), ReadmeCommands.Read(Path.Combine(project, "README.ja.md")).Select(c => c.Text));
        }
        var text = File.ReadAllText(Path.Combine(project, "README.md"));
        foreach (var command in readme)
        {
            await WalkAsync(walk, command, project, root, name, http, text);
        }
        await walk.StopServerAsync();

        // What the commands leave behind is ignored by the generated .gitignore (bin/, obj/, .lambda/, out.json), except
        // the sample events the README's generate-event commands write on purpose.
        var status = await walk.GitAsync("status", "--porcelain", "--untracked-files=all");
        var prefix = solution ? $"{name}/" : "";
        var expected = new List<string> { $"?? {prefix}events/sqs.json" };
        if (http)
        {
            expected.Add($"?? {prefix}events/request.json");
        }
        Assert.Equal(expected.Order(StringComparer.Ordinal), status.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Step 3 in a terminal: the answer ends with a newline there, so the prompt starts on a line of its own (`script`
    /// gives the command a pseudo-terminal). Redirected to a file or a pipe, the answer stays byte for byte what the
    /// function returned, with no newline added (GeneratedProjectRunTests).
    /// </summary>
    [Fact]
    public async Task Invoke_in_a_terminal_ends_the_answer_with_a_newline()
    {
        var (templates, project) = await PackedTemplates.NewProjectAsync("ReadmeTerminal");
        Assert.Equal(0, (await templates.DotnetAsync(project, ["build", "-nologo"])).ExitCode);

        // script relays what the terminal shows, bytes and all: kept in a file, as line-based reading would add newlines.
        var typescript = Path.Combine(project, "..", "ReadmeTerminal.typescript");
        var run = await Command.RunAsync("bash", ["-c", $"script -qec 'dotnet run --no-build -- invoke --event events/hello.json 2>/dev/null' /dev/null > '{typescript}'"],
            project, templates.Environment, TimeSpan.FromMinutes(5));

        Assert.True(run.ExitCode == 0, run.ToString());
        var shown = File.ReadAllText(typescript);
        var answer = shown.LastIndexOf(DefaultAnswer, StringComparison.Ordinal);
        Assert.True(answer >= 0, shown);
        Assert.Equal("\r\n", shown.Substring(answer + DefaultAnswer.Length, 2)); // the terminal's newline right after it
    }

    private static async Task WalkSolutionReadmeAsync(Walk walk, IReadOnlyList<ReadmeCommand> commands, string name)
    {
        Assert.Equal(["dotnet test", $"cd {name}", "dotnet run"], commands.Select(c => c.Text));
        var test = await walk.RunAsync(walk.Root, "dotnet test");
        Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+[1-9]", test.Output); // "ends with Passed! and their count"
        // `cd NAME` then `dotnet run`: "serves the function on http://127.0.0.1:3001 until Ctrl+C".
        var server = await walk.StartServerAsync(Path.Combine(walk.Root, name), "dotnet run");
        // Named in the "Try:" line, printed a moment after the listening line: waited for, not read at once.
        var tryLine = await server.WaitForLineAsync("aws lambda invoke --endpoint-url", TimeSpan.FromSeconds(60));
        Assert.Contains($"--function-name {name} ", tryLine);
        await walk.StopServerAsync();
    }

    private static async Task WalkAsync(Walk walk, ReadmeCommand command, string project, string root, string name, bool http, string readme)
    {
        var because = $"README section \"{command.Section}\": {command.Text} {command.Comment}";
        switch (command.Text)
        {
            case "dotnet build":
            {
                await walk.SucceedsAsync(project, command.Text, because);
                // "writes three zips to bin/Debug/"
                foreach (var zip in new[] { "function.zip", "runtime.zip", "function-only.zip" })
                {
                    Assert.True(File.Exists(Path.Combine(project, "bin", "Debug", zip)), $"{because}: no bin/Debug/{zip}");
                }
                return;
            }
            case "dotnet run":
            {
                // 1. "serves the function on http://127.0.0.1:3001; leave it running"
                var server = await walk.StartServerAsync(project, command.Text);
                // The "Try:" line's command works on this project (with --http, it sends the HTTP sample event).
                // The line after the listening line: printed a moment later, so waited for (not read at once).
                var tryLine = (await server.WaitForLineAsync("aws lambda invoke --endpoint-url", TimeSpan.FromSeconds(60))).Trim();
                Assert.StartsWith($"aws lambda invoke --endpoint-url {walk.Endpoint} --function-name {name} ", tryLine);
                var tried = await walk.SucceedsAsync(project, tryLine, "the emulator's Try: line");
                Assert.Contains("\"StatusCode\": 200", tried.Output);
                Assert.DoesNotContain("FunctionError", tried.Output);
                AssertAnswer(File.ReadAllText(Path.Combine(project, "out.json")), http, "/hello", "Ana", "the emulator's Try: line");
                return;
            }
            case "" when command.Comment.StartsWith("2. edit function.sh and save", StringComparison.Ordinal):
            {
                // 2. "served at once, no build": the first terminal prints "Reloaded ...".
                var function = Path.Combine(project, "function.sh");
                var original = File.ReadAllText(function);
                File.WriteAllText(function, original + "# saved\n");
                await walk.Server!.WaitForLineAsync($"Reloaded {name}", TimeSpan.FromMinutes(2));
                File.WriteAllText(function, original);
                return;
            }
            case "dotnet run -- invoke --event events/hello.json":
            {
                // 3. "the answer on stdout, the log on stderr"; in the HTTP section: "GET /hello?name=Ana -> 200 {...}"
                var invoke = await walk.SucceedsAsync(project, command.Text, because);
                AssertAnswer(invoke.Output.TrimEnd('\n'), http, "/hello", "Ana", because);
                Assert.NotEqual("", invoke.Error.Trim()); // the function's log
                if (command.Comment.Contains("->", StringComparison.Ordinal))
                {
                    Assert.Contains("-> 200 {\"message\":\"Hello, Ana!\"}", command.Comment);
                }
                return;
            }
            case "dotnet run -- invoke --event events/echo.json":
            {
                Assert.True(http, because);
                var invoke = await walk.SucceedsAsync(project, command.Text, because);
                Assert.Contains("-> 200 {\"received\":\"<the body>\"}", command.Comment);
                using var response = JsonDocument.Parse(invoke.Output);
                Assert.Equal(200, response.RootElement.GetProperty("statusCode").GetInt32());
                using var echoEvent = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "events", "echo.json")));
                using var body = JsonDocument.Parse(response.RootElement.GetProperty("body").GetString()!);
                Assert.Equal(echoEvent.RootElement.GetProperty("body").GetString(), body.RootElement.GetProperty("received").GetString());
                return;
            }
            case "dotnet build -t:Invoke -p:LambdaEndpoint=http://127.0.0.1:3001":
            {
                // "To invoke the running function (and see the invoke there)": the answer, and the log in the first terminal.
                var before = Regex.Matches(walk.Server!.StandardError, "START RequestId").Count;
                var invoke = await walk.SucceedsAsync(project, walk.Local(command.Text), because);
                Assert.Contains(http ? "Hello, Ana!" : DefaultAnswer, invoke.Output);
                Assert.True(Regex.Matches(walk.Server.StandardError, "START RequestId").Count > before, $"{because}: the running emulator did not run it");
                return;
            }
            case var aws when aws.StartsWith("aws lambda invoke --endpoint-url http://127.0.0.1:3001 ", StringComparison.Ordinal):
            {
                File.Delete(Path.Combine(project, "out.json"));
                var invoke = await walk.SucceedsAsync(project, walk.Local(aws), because);
                Assert.Contains("\"StatusCode\": 200", invoke.Output); // "the AWS CLI prints "StatusCode": 200"
                Assert.DoesNotContain("FunctionError", invoke.Output);
                var answer = File.ReadAllText(Path.Combine(project, "out.json"));
                AssertAnswer(answer, http, "/hello", "Ana", because);
                // ... "and writes the answer to out.json": the answer the README quotes.
                Assert.Contains(http ? """`{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"message\":\"Hello, Ana!\"}"}`""" : $"`{DefaultAnswer}`", readme);
                if (http)
                {
                    Assert.Equal("""{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"message\":\"Hello, Ana!\"}"}""", answer);
                }
                return;
            }
            case "dotnet build -t:FunctionUrl -p:LambdaEndpoint=http://127.0.0.1:3001":
            {
                // "With `dotnet run -- --state-dir .lambda` running": the walk restarts the emulator so.
                await walk.StopServerAsync();
                await walk.StartServerAsync(project, "dotnet run -- --state-dir .lambda");
                await FunctionUrlAsync(walk, project, walk.Local(command.Text), name, http, because);
                return;
            }
            case "curl -i 'http://127.0.0.1:PORT/hello?name=Ann'":
            {
                if (walk.FunctionUrl is null)
                {
                    return; // FunctionUrl stopped with LBR031 as the README says: this CLI cannot make a NONE URL
                }
                var curl = await walk.SucceedsAsync(project, command.Text.Replace("http://127.0.0.1:PORT/", walk.FunctionUrl, StringComparison.Ordinal), because);
                // With --http: 200 {"message":"Hello, Ann!"}; the echo starter's output is not JSON: 502.
                Assert.StartsWith(http ? "HTTP/1.1 200" : "HTTP/1.1 502", curl.Output);
                if (http)
                {
                    Assert.Contains("{\"message\":\"Hello, Ann!\"}", curl.Output);
                }
                return;
            }
            case "dotnet build -t:FunctionUrl -p:LambdaEndpoint=http://127.0.0.1:3001 -p:FunctionUrlInvokeMode=RESPONSE_STREAM":
            {
                // "needs an AWS CLI that knows --invoke-mode (else error LBR031, nothing changed)"; a NONE URL needs
                // --invoked-via-function-url too.
                var knowsInvokeMode = await walk.RunAsync(project, "aws lambda create-function-url-config --invoke-mode RESPONSE_STREAM --generate-cli-skeleton");
                var knowsInvokedVia = await walk.RunAsync(project, "aws lambda add-permission --invoked-via-function-url --generate-cli-skeleton");
                var result = await walk.RunAsync(project, walk.Local(command.Text));
                if (knowsInvokeMode.ExitCode != 0 || knowsInvokedVia.ExitCode != 0)
                {
                    Assert.True(result.ExitCode != 0, $"{because}\n{result}");
                    Assert.Contains("error LBR031", result.Output);
                    walk.FunctionUrl = null;
                    return;
                }
                Assert.True(result.ExitCode == 0, $"{because}\n{result}");
                walk.FunctionUrl = FunctionUrlLine(result.Output, name, "NONE");
                return;
            }
            case "curl -N http://127.0.0.1:PORT/events":
            {
                if (walk.FunctionUrl is null)
                {
                    return; // FunctionUrl stopped with LBR031 as the README says
                }
                // "streams three server-sent events, half a second apart".
                var curl = await walk.SucceedsAsync(project, command.Text.Replace("http://127.0.0.1:PORT/", walk.FunctionUrl, StringComparison.Ordinal), because);
                Assert.Contains("data: {\"count\":1}\n\ndata: {\"count\":2}\n\ndata: {\"count\":3}\n\n", curl.Output.ReplaceLineEndings("\n"));
                return;
            }
            case "dotnet run -- generate-event sqs --output events/sqs.json":
            {
                await walk.SucceedsAsync(project, command.Text, because);
                using var sqs = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "events", "sqs.json")));
                Assert.Equal("aws:sqs", sqs.RootElement.GetProperty("Records")[0].GetProperty("eventSource").GetString());
                return;
            }
            case "dotnet run -- generate-event function-url --output events/request.json":
            {
                await walk.SucceedsAsync(project, command.Text, because);
                using var request = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "events", "request.json")));
                Assert.True(request.RootElement.TryGetProperty("rawPath", out _), because);
                return;
            }
            case var line when line.StartsWith("Web console: http://127.0.0.1:3001/console/?token=", StringComparison.Ordinal):
            {
                // Not a command: the line `dotnet run` prints.
                Assert.Contains($"Web console: {walk.Endpoint}/console/?token=", walk.Server!.StandardError);
                return;
            }
            case "dotnet test":
            {
                Assert.Equal("Test", command.Section); // "In the solution folder (one level up)"
                var test = await walk.SucceedsAsync(root, command.Text, because);
                Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+[1-9]", test.Output);
                return;
            }
            case var target when target.StartsWith("dotnet build -t:", StringComparison.Ordinal) && command.Section == "Deploy to AWS":
            {
                // "Add -p:LambdaEndpoint=http://127.0.0.1:3001 to run any of them against the local endpoint instead".
                await DeployTargetAsync(walk, project, $"{target} -p:LambdaEndpoint=http://127.0.0.1:3001", name, http, because);
                return;
            }
            default:
                if (command.Section == "GitHub Actions")
                {
                    walk.Policy.Add(command.Text); // the trust policy: parsed when it is complete
                    if (command.Text == "}")
                    {
                        using var policy = JsonDocument.Parse(string.Join('\n', walk.Policy));
                        Assert.Equal("sts:AssumeRoleWithWebIdentity", policy.RootElement.GetProperty("Statement")[0].GetProperty("Action").GetString());
                    }
                    return;
                }
                if (command.Section == "Settings")
                {
                    walk.Snippet.Add(command.Text); // the project file snippet: parsed when it is complete
                    if (command.Text == "</ItemGroup>")
                    {
                        var snippet = XElement.Parse(string.Join('\n', walk.Snippet));
                        Assert.Equal("LambdaEnvironmentVariable", snippet.Elements().Single().Name.LocalName);
                    }
                    return;
                }
                Assert.Fail($"a command of the generated README that this walk does not check: {because}");
                return;
        }
    }

    private static async Task FunctionUrlAsync(Walk walk, string project, string command, string name, bool http, string because)
    {
        var knowsOption = await walk.RunAsync(project, "aws lambda add-permission --invoked-via-function-url --generate-cli-skeleton");
        var result = await walk.RunAsync(project, command);
        if (knowsOption.ExitCode != 0)
        {
            // "with an older CLI, stops with error LBR031 and changes nothing" (Debian 12's 2.9.19 is such a CLI).
            Assert.True(result.ExitCode != 0, $"{because}\n{result}");
            Assert.Contains("error LBR031", result.Output);
            var urls = await walk.RunAsync(project, $"aws lambda list-function-url-configs --function-name {name} --endpoint-url {walk.Endpoint}");
            Assert.Contains("\"FunctionUrlConfigs\": []", urls.Output);
            // "or make an AWS_IAM URL": it serves only signed requests.
            var iam = await walk.SucceedsAsync(project, command + " -p:FunctionUrlAuthType=AWS_IAM", because + " (AWS_IAM)");
            var url = FunctionUrlLine(iam.Output, name, "AWS_IAM");
            var unsigned = await walk.RunAsync(project, $"curl -s -o /dev/null -w '%{{http_code}}' '{url}hello?name=Ann'");
            Assert.Equal("403", unsigned.Output.Trim());
            var signed = await walk.RunAsync(project, $"curl -s --aws-sigv4 aws:amz:us-east-1:lambda --user AKIDEXAMPLE:secret '{url}hello?name=Ann'");
            if (http)
            {
                Assert.Contains("{\"message\":\"Hello, Ann!\"}", signed.Output);
            }
            return;
        }
        Assert.True(result.ExitCode == 0, $"{because}\n{result}");
        walk.FunctionUrl = FunctionUrlLine(result.Output, name, "NONE");
        // "and `dotnet run` prints it at start" (the URL is kept in .lambda across the restart).
        await walk.StopServerAsync();
        var server = await walk.StartServerAsync(project, "dotnet run -- --state-dir .lambda");
        Assert.Contains($"Function URL of {name}: {walk.FunctionUrl} (AuthType NONE)", server.StandardError);
    }

    private static async Task DeployTargetAsync(Walk walk, string project, string command, string name, bool http, string because)
    {
        var target = Regex.Match(command, "-t:(?<target>[A-Za-z]+)").Groups["target"].Value;
        if (target == "FunctionUrl")
        {
            var knowsOption = await walk.RunAsync(project, "aws lambda add-permission --invoked-via-function-url --generate-cli-skeleton");
            var url = await walk.RunAsync(project, walk.Local(command));
            Assert.True(knowsOption.ExitCode == 0 ? url.ExitCode == 0 : url.Output.Contains("error LBR031", StringComparison.Ordinal), $"{because}\n{url}");
            return;
        }
        var result = await walk.SucceedsAsync(project, walk.Local(command), because);
        switch (target)
        {
            case "Invoke":
                Assert.Contains(http ? "Hello, Ana!" : DefaultAnswer, result.Output); // "invoke it with events/hello.json"
                break;
            case "Destroy":
                var gone = await walk.RunAsync(project, $"aws lambda get-function --function-name {name} --endpoint-url {walk.Endpoint}");
                Assert.True(gone.ExitCode != 0, $"{because}: the function is still there\n{gone}");
                Assert.Contains("ResourceNotFoundException", gone.Error);
                break;
        }
    }

    /// <summary>The URL of "Function URL of NAME (AuthType TYPE): URL", which the FunctionUrl target prints.</summary>
    private static string FunctionUrlLine(string output, string name, string authType)
    {
        var match = Regex.Match(output, $@"Function URL of {Regex.Escape(name)} \(AuthType {authType}\): (?<url>http://127\.0\.0\.1:\d+/)");
        Assert.True(match.Success, output);
        return match.Groups["url"].Value;
    }

    /// <summary>The answer to events/hello.json: the echo starter's line, or the HTTP handler's 200 greeting.</summary>
    private static void AssertAnswer(string answer, bool http, string path, string who, string because)
    {
        if (!http)
        {
            Assert.Equal(DefaultAnswer, answer);
            return;
        }
        using var response = JsonDocument.Parse(answer);
        Assert.True(response.RootElement.GetProperty("statusCode").GetInt32() == 200, $"{because}: {answer} ({path})");
        using var body = JsonDocument.Parse(response.RootElement.GetProperty("body").GetString()!);
        Assert.Equal($"Hello, {who}!", body.RootElement.GetProperty("message").GetString());
    }

    private const string ListeningPrefix = "Local Lambda listening on ";

    /// <summary>The state of one walk: the generated folder, the environment of its commands, the emulator it runs.</summary>
    private sealed class Walk(PackedTemplates templates, string root) : IAsyncDisposable
    {
        private readonly string _tools = Path.Combine(root, "..", $"{Path.GetFileName(root)}-tools");

        public string Root => root;

        public EmulatorProcess? Server { get; private set; }

        /// <summary>The running emulator's endpoint, such as http://127.0.0.1:41234 (no final slash, as in the README).</summary>
        public string Endpoint => Server!.Endpoint.ToString().TrimEnd('/');

        public string? FunctionUrl { get; set; }

        public List<string> Policy { get; } = [];

        public List<string> Snippet { get; } = [];

        /// <summary>A README command pointed at the running emulator instead of port 3001.</summary>
        public string Local(string command) => command.Replace("http://127.0.0.1:3001", Endpoint, StringComparison.Ordinal);

        /// <summary>
        /// What a user's shell has: the AWS CLI v2 as `aws` (this machine's first `aws` may be v1) and credentials and
        /// a region configured (dummy ones: the local endpoint checks the signature's form, not the keys).
        /// </summary>
        private Dictionary<string, string?> Environment()
        {
            var environment = new Dictionary<string, string?>(templates.Environment)
            {
                ["PATH"] = $"{_tools}:{System.Environment.GetEnvironmentVariable("PATH")}",
                ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
                ["AWS_SECRET_ACCESS_KEY"] = "secret",
                ["AWS_DEFAULT_REGION"] = "us-east-1",
                ["AWS_CONFIG_FILE"] = Path.Combine(_tools, "no-config"),
                ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_tools, "no-credentials"),
                ["AWS_PROFILE"] = null,
                ["AWS_PAGER"] = "",
            };
            return environment;
        }

        public async Task InitGitAsync()
        {
            Directory.CreateDirectory(_tools);
            File.CreateSymbolicLink(Path.Combine(_tools, "aws"), AwsCli.Path);
            Assert.Equal(0, (await GitAsync("init", "-q")).ExitCode);
            // The test's nuget.config (this run's feed) is not the template's: kept out of the repository.
            await File.AppendAllTextAsync(Path.Combine(root, ".git", "info", "exclude"), "nuget.config\n");
            Assert.Equal(0, (await GitAsync("add", "-A")).ExitCode);
            var commit = await GitAsync("-c", "user.name=walk", "-c", "user.email=walk@localhost", "commit", "-q", "-m", "generated");
            Assert.True(commit.ExitCode == 0, commit.ToString());
        }

        public Task<CommandResult> GitAsync(params string[] arguments) => Command.RunAsync("git", arguments, root);

        public Task<CommandResult> RunAsync(string directory, string command)
            => Command.RunAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", command], directory, Environment(), TimeSpan.FromMinutes(8));

        public async Task<CommandResult> SucceedsAsync(string directory, string command, string because)
        {
            var result = await RunAsync(directory, command);
            Assert.True(result.ExitCode == 0, $"{because}\n$ {command}\n{result}");
            return result;
        }

        /// <summary>`dotnet run [-- OPTIONS]` in the background, on a free port (the README's 3001 may be taken).</summary>
        public async Task<EmulatorProcess> StartServerAsync(string directory, string command)
        {
            Assert.Null(Server);
            var arguments = command.Split(' ').Skip(1).ToList(); // after "dotnet"
            if (!arguments.Contains("--"))
            {
                arguments.Add("--");
            }
            arguments.AddRange(["--port", "0"]);
            var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = directory };
            foreach (var (variable, value) in Environment())
            {
                if (value is null)
                {
                    start.Environment.Remove(variable);
                }
                else
                {
                    start.Environment[variable] = value;
                }
            }
            Server = await EmulatorProcess.StartAsync(start, TimeSpan.FromMinutes(5));
            Assert.Contains($"{ListeningPrefix}{Endpoint} (Ctrl+C to stop)", Server.StandardError);
            return Server;
        }

        public async Task StopServerAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
                Server = null;
            }
        }

        public async ValueTask DisposeAsync() => await StopServerAsync();
    }
}
