using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Testing;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>`dotnet exec Lambda.BashRuntime.Emulator.dll --function-config FILE invoke ...`, as `dotnet run -- invoke` runs it.</summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(30);

    private readonly FunctionFolder _folder = new(true, ("special.sh", Handlers.Special));
    private readonly string _config;

    public CommandLineTests()
    {
        var zip = Path.Combine(_folder.Output, "function.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "bootstrap", "function.sh", "special.sh" })
            {
                var entry = archive.CreateEntryFromFile(Path.Combine(_folder.Code, name), name);
                entry.ExternalAttributes = unchecked((int)(0b1_000_000_111_101_101u << 16));
            }
        }
        _config = Path.Combine(_folder.Output, "function.json");
        File.WriteAllText(_config, JsonSerializer.Serialize(new
        {
            FunctionName = "HelloBash", Handler = "function.handler", Runtime = "provided.al2023", Architecture = "x86_64",
            Timeout = 3, MemorySize = 128, Region = "eu-west-1", PackageZip = zip, Environment = new Dictionary<string, string> { ["GREETING"] = "Hello" },
        }));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Invoke_prints_the_response_on_stdout_and_the_log_on_stderr()
    {
        var (code, stdout, stderr) = await RunAsync("--function-config", _config, "invoke", "--payload", """{"text":"Hello"}""");

        Assert.True(code == 0, stderr);
        Assert.Equal("Echoing request: '{\"text\":\"Hello\"}'", stdout);
        Assert.Matches(@"START RequestId: [0-9a-f-]{36} Version: \$LATEST\n\{""text"":""Hello""\}\nEND RequestId: ", stderr);
        Assert.Contains("REPORT RequestId: ", stderr);
    }

    [Fact]
    public async Task Invoke_of_a_failing_function_prints_the_error_JSON_and_exits_non_zero()
    {
        File.WriteAllText(_config, File.ReadAllText(_config).Replace("function.handler", "special.handler"));
        var eventFile = Path.Combine(_folder.Output, "event.json");
        File.WriteAllText(eventFile, """{"do":"exit"}""");

        var (code, stdout, stderr) = await RunAsync("--function-config", _config, "invoke", "--event", eventFile);

        Assert.Equal(1, code);
        using var error = JsonDocument.Parse(stdout);
        Assert.Equal("HandlerError", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("handler failing on purpose", stderr);
    }

    [Theory]
    [InlineData("text: Hello", "bad.json is not JSON: 'text: Hello' is an invalid JSON literal. Expected the literal 'true' (line 1, byte 2).")]
    [InlineData("\n", "bad.json is not JSON: it is empty.")]
    public async Task Invoke_of_an_event_that_is_not_JSON_says_which_file_and_where(string content, string message)
    {
        var eventFile = Path.Combine(_folder.Output, "bad.json");
        File.WriteAllText(eventFile, content);

        var (code, stdout, stderr) = await RunAsync("--function-config", _config, "invoke", "--event", eventFile);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("error: " + message + " An event is a JSON document, such as {\"text\":\"Hello\"}.", stderr);
    }

    [Fact]
    public async Task Invoke_past_the_timeout_says_how_to_raise_it()
    {
        var slow = Path.Combine(_folder.Output, "slow.json");
        File.WriteAllText(slow, JsonSerializer.Serialize(new
        {
            FunctionName = "Slow", Handler = "special.handler", Timeout = 1, PackageZip = Path.Combine(_folder.Output, "function.zip"),
            Environment = new Dictionary<string, string> { ["TEST_OUT"] = _folder.Output },
        }));

        var (code, stdout, stderr) = await RunAsync("--function-config", slow, "invoke", "--payload", """{"do":"sleep"}""");

        Assert.Equal(1, code);
        Assert.Contains("Task timed out after 1.00 seconds", stdout);
        Assert.Contains("hint: the function ran longer than its Timeout (1 s). Raise <Timeout> in the project file", stderr);
    }

    [Fact]
    public async Task A_config_with_only_name_and_package_uses_Lambdas_defaults()
    {
        var minimal = Path.Combine(_folder.Output, "minimal.json");
        File.WriteAllText(minimal, JsonSerializer.Serialize(new { FunctionName = "Minimal", PackageZip = Path.Combine(_folder.Output, "function.zip") }));

        var (code, stdout, stderr) = await RunAsync("--function-config", minimal, "invoke");

        Assert.True(code == 0, stderr);
        Assert.Equal("Echoing request: '{}'", stdout);
        Assert.Contains("Memory Size: 128 MB", stderr);
    }

    [Fact]
    public async Task Start_serves_until_stopped_then_stops_its_runtimes_and_cleans_up()
    {
        var state = Directory.CreateDirectory(Path.Combine(_folder.Output, "state")).FullName;
        await using var emulator = await ServeAsync("--function-config", _config, "--port", "0", "--state-dir", state);

        using var http = SignedHttp.Create(emulator.Endpoint, "eu-west-1"); // the config's region (eu-west-1): regions are kept apart
        using var response = await http.PostAsync("2015-03-31/functions/HelloBash/invocations",
            new ByteArrayContent("""{"text":"Hello"}"""u8.ToArray()));
        Assert.Equal("Echoing request: '{\"text\":\"Hello\"}'", await response.Content.ReadAsStringAsync());
        Assert.NotEmpty(Directory.GetDirectories(Path.Combine(state, "environments")));

        await emulator.StopAsync(TimeSpan.FromSeconds(30)); // SIGTERM; killed (exit code 137) if not stopped by then

        Assert.True(emulator.Process.ExitCode == 0, emulator.StandardError);
        Assert.Equal("", emulator.StandardOutput);
        Assert.Contains("END RequestId: ", emulator.StandardError);
        Assert.True(Directory.Exists(state)); // the user's state folder stays; the emulator's scratch space goes
        Assert.False(Directory.Exists(Path.Combine(state, "environments")));
    }

    [Fact]
    public async Task Start_prints_the_web_console_url_with_its_token_and_no_console_turns_it_off()
    {
        const string token = "fixed-token-for-a-launch-profile";
        await using var withConsole = await ServeAsync(new Dictionary<string, string> { ["LAMBDA_CONSOLE_TOKEN"] = token },
            "--function-config", _config, "--port", "0");
        await using var without = await ServeAsync("--function-config", _config, "--port", "0", "--no-console");

        var line = await withConsole.WaitForLineAsync("Web console: ", LineTimeout);
        var next = await without.WaitForLineAsync("aws lambda invoke", LineTimeout); // the console's line would follow it

        Assert.Matches($@"^Web console: http://127\.0\.0\.1:[0-9]+/console/\?token={token}$", line);
        using var http = new HttpClient();
        using var page = await http.GetAsync(line.Split(' ')[2]);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode); // redirected with the cookie, then the page
        using var refused = await http.GetAsync(new Uri(without.Endpoint, $"console/?token={token}"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode); // no console: the signed AWS API
        Assert.Contains("--endpoint-url", next);
    }

    [Fact]
    public async Task A_console_token_on_the_command_line_is_refused_saying_what_to_use_instead()
    {
        var (code, _, stderr) = await RunAsync("--function-config", _config, "start", "--port", "0", "--console-token", "fixed-token-for-a-launch-profile");

        Assert.Equal(1, code);
        Assert.Contains("--console-token VALUE puts the web console's secret on the command line, where every local user can read it", stderr);
        Assert.Contains("Set LAMBDA_CONSOLE_TOKEN in the environment instead, or write the token to a file only you can read (chmod 600) and pass --console-token-file FILE", stderr);
    }

    [LinuxFact("it reads the emulator's command line in /proc")]
    public async Task A_console_token_file_fixes_the_token_and_no_command_line_shows_it()
    {
        const string token = "token-from-a-file-0123456789";
        var file = Path.Combine(_folder.Output, "console-token");
        File.WriteAllText(file, token + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bad = Path.Combine(_folder.Output, "bad-token");
        File.WriteAllText(bad, "short");

        await using var emulator = await ServeAsync("--function-config", _config, "--port", "0", "--console-token-file", file);
        var line = await emulator.WaitForLineAsync("Web console: ", LineTimeout);
        var refused = await RunAsync("--function-config", _config, "start", "--port", "0", "--console-token-file", bad);

        Assert.EndsWith($"/console/?token={token}", line);
        Assert.DoesNotContain(token, File.ReadAllText($"/proc/{emulator.Process.Id}/cmdline"), StringComparison.Ordinal);
        Assert.DoesNotContain("can be read by other users", emulator.StandardError);
        Assert.Equal(2, refused.Code);
        Assert.Contains($"The token in {bad} must be 16 to 128 letters", refused.StdErr);
    }

    [Fact]
    public async Task Open_hands_the_browser_an_owner_only_page_that_redirects_never_the_token()
    {
        const string token = "token-for-the-open-test-0123456789";
        // A stand-in xdg-open first on PATH: records the arguments it got, and the file they name.
        var bin = Directory.CreateDirectory(Path.Combine(_folder.Output, "bin")).FullName;
        var opened = Path.Combine(_folder.Output, "opened.txt");
        var opener = Path.Combine(bin, "xdg-open");
        File.WriteAllText(opener, $"#!/bin/bash\nprintf '%s\\n' \"$@\" > '{opened}.part' && mv '{opened}.part' '{opened}'\n");
        File.SetUnixFileMode(opener, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var environment = new Dictionary<string, string>
        {
            ["LAMBDA_CONSOLE_TOKEN"] = token,
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
        };

        await using var emulator = await ServeAsync(environment, "--function-config", _config, "--port", "0", "--open");
        await Eventually.WaitUntilAsync(() => File.Exists(opened), "the browser opener to be started");

        var argument = File.ReadAllText(opened).Trim();
        Assert.DoesNotContain(token, argument, StringComparison.Ordinal);
        var page = new Uri(argument);
        Assert.True(page.IsFile, argument);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(page.LocalPath));
        var html = File.ReadAllText(page.LocalPath);
        Assert.Contains($"<meta http-equiv=\"refresh\" content=\"0;url={emulator.Endpoint.AbsoluteUri}console/?token={token}\">", html);
        await emulator.StopAsync(TimeSpan.FromSeconds(30));
        Assert.False(File.Exists(page.LocalPath)); // removed at exit with the scratch folder
    }

    [Fact]
    public async Task An_emulator_killed_with_SIGKILL_keeps_every_function_and_layer_it_acknowledged()
    {
        var state = Directory.CreateDirectory(Path.Combine(_folder.Output, "durable")).FullName;
        var zip = Path.Combine(_folder.Output, "function.zip");

        // First life: create a function and publish a layer through the AWS CLI, then die without any shutdown.
        await using (var first = await ServeAsync("start", "--port", "0", "--state-dir", state))
        {
            var aws = new AwsCli(EndpointUrl(first), _folder.Output, "us-east-1");
            await aws.LambdaAsync("create-function", "--function-name", "durable", "--zip-file", "fileb://" + zip,
                "--handler", "function.handler", "--runtime", "provided.al2023", "--role", "arn:aws:iam::123456789012:role/lambda-role");
            await aws.LambdaAsync("publish-layer-version", "--layer-name", "durable-layer", "--zip-file", "fileb://" + zip);
            await first.StopAsync(TimeSpan.Zero); // SIGKILL to the whole tree
        }

        // Second life on the same state folder: both are there and the function answers.
        await using var second = await ServeAsync("start", "--port", "0", "--state-dir", state);
        var aws2 = new AwsCli(EndpointUrl(second), _folder.Output, "us-east-1");
        var layer = (await aws2.LambdaAsync("get-layer-version", "--layer-name", "durable-layer", "--version-number", "1"))!.Value;
        Assert.Equal(1, layer.GetProperty("Version").GetInt32());
        var response = Path.Combine(_folder.Output, "durable-response.txt");
        await aws2.LambdaAsync("invoke", "--function-name", "durable", "--payload", """{"text":"Hello"}""",
            "--cli-binary-format", "raw-in-base64-out", response);
        Assert.Equal("Echoing request: '{\"text\":\"Hello\"}'", await File.ReadAllTextAsync(response));
    }

    [LinuxTheory("it finds the handler's processes in /proc")]
    [InlineData("bwrap")]
    [InlineData("none")]
    public async Task Runtimes_and_their_handlers_die_with_an_emulator_killed_with_SIGKILL(string sandbox)
    {
        var config = Path.Combine(_folder.Output, $"sleeper-{sandbox}.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            FunctionName = "Sleeper", Handler = "special.handler", Timeout = 60, PackageZip = Path.Combine(_folder.Output, "function.zip"),
        }));
        await using var emulator = await ServeAsync("start", "--function-config", config, "--port", "0", "--sandbox", sandbox);
        var mark = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var http = SignedHttp.Create(emulator.Endpoint);
        try
        {
            // The handler sleeps (sleep 30.MARK) in the middle of an invoke that never gets its answer.
            _ = http.PostAsync("2015-03-31/functions/Sleeper/invocations",
                new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($$"""{"do":"sleep","mark":{{mark}}}""")));
            Assert.True(await HostProcesses.WaitUntilRunningAsync(TimeSpan.FromSeconds(20), "sleep", "30." + mark));
        }
        finally
        {
            emulator.Process.Kill(); // SIGKILL to the emulator alone: no shutdown code runs
            await emulator.Process.WaitForExitAsync();
        }

        // Its watchdog pipe closed with it: the runtime's whole group (and sandbox) follows within moments.
        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(TimeSpan.FromSeconds(5), "sleep", "30." + mark));
    }

    [Fact]
    public async Task Start_prints_the_projects_function_URL_kept_in_the_state_folder_and_serves_it_on_the_same_port()
    {
        var state = Directory.CreateDirectory(Path.Combine(_folder.Output, "url-state")).FullName;
        string url;
        await using (var first = await ServeAsync("--function-config", _config, "start", "--port", "0", "--state-dir", state))
        {
            var endpoint = EndpointUrl(first);
            var hint = await first.WaitForLineAsync("Give HelloBash a function URL", LineTimeout);
            Assert.EndsWith($"dotnet build -t:FunctionUrl -p:LambdaEndpoint={endpoint}", hint);
            var aws = new AwsCli(endpoint, _folder.Output, "eu-west-1");
            url = (await aws.LambdaAsync("create-function-url-config", "--function-name", "HelloBash", "--auth-type", "AWS_IAM"))!
                .Value.GetProperty("FunctionUrl").GetString()!;
            await first.StopAsync(TimeSpan.Zero);
        }

        await using var second = await ServeAsync("--function-config", _config, "start", "--port", "0", "--state-dir", state);
        Assert.Equal($"Function URL of HelloBash: {url} (AuthType AWS_IAM)", await second.WaitForLineAsync("Function URL of HelloBash", LineTimeout));
        Assert.Equal(403, (await FunctionUrls.Curl.RunAsync(url)).Status); // served again, and still AWS_IAM
    }

    [Fact]
    public async Task Start_serves_the_new_build_after_function_zip_changes()
    {
        await using var emulator = await ServeAsync("--function-config", _config, "start", "--port", "0");
        using var http = SignedHttp.Create(emulator.Endpoint, "eu-west-1");
        Assert.Equal("Echoing request: '{}'", await InvokeAsync(http));
        // The project's function is a function like any other: list-functions shows it.
        var list = await http.GetStringAsync("2015-03-31/functions/");
        Assert.Contains("\"FunctionName\":\"HelloBash\"", list);

        // What `dotnet build` does after function.sh changed: function.zip rewritten in place.
        var zip = Path.Combine(_folder.Output, "function.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            var entry = archive.GetEntry("function.sh")!;
            string script;
            using (var reader = new StreamReader(entry.Open()))
            {
                script = reader.ReadToEnd();
            }
            entry.Delete();
            var updated = archive.CreateEntry("function.sh");
            updated.ExternalAttributes = unchecked((int)(0b1_000_000_111_101_101u << 16));
            using var writer = new StreamWriter(updated.Open());
            writer.Write(script.Replace("Echoing request", "Echoing again", StringComparison.Ordinal));
        }
        await emulator.WaitForLineAsync("Reloaded HelloBash from the new build", LineTimeout);

        Assert.Equal("Echoing again: '{}'", await InvokeAsync(http));

        static async Task<string> InvokeAsync(HttpClient http)
        {
            using var response = await http.PostAsync("2015-03-31/functions/HelloBash/invocations", new ByteArrayContent("{}"u8.ToArray()));
            return await response.Content.ReadAsStringAsync();
        }
    }

    [Fact]
    public async Task A_start_that_fails_is_reported_with_what_the_emulator_printed()
    {
        var missing = Path.Combine(_folder.Output, "missing.json");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServeAsync("--function-config", missing, "start", "--port", "0"));

        Assert.Contains("stopped (exit code 2) before printing 'Local Lambda listening on '", error.Message);
        Assert.Contains("error: cannot read the function configuration: ", error.Message);
    }

    /// <summary>Starts the emulator with <paramref name="arguments"/> and waits for its "listening on" line.</summary>
    private static Task<EmulatorProcess> ServeAsync(params string[] arguments) => ServeAsync(new Dictionary<string, string>(), arguments);

    /// <summary>The same, with <paramref name="environment"/> added to the emulator's environment.</summary>
    private static Task<EmulatorProcess> ServeAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = EmulatorProcess.Command(typeof(EmulatorHost).Assembly.Location, arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return EmulatorProcess.StartAsync(start, LineTimeout);
    }

    /// <summary>http://127.0.0.1:PORT, as the emulator prints it and as --endpoint-url takes it.</summary>
    private static string EndpointUrl(EmulatorProcess emulator) => emulator.Endpoint.AbsoluteUri.TrimEnd('/');

    private static async Task<(int Code, string StdOut, string StdErr)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(EmulatorProcess.Command(typeof(EmulatorHost).Assembly.Location, arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
