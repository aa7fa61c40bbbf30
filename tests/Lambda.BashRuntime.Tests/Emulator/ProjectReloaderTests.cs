using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Lambda.BashRuntime.Emulator.Cli;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Sdk;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// `dotnet run` serving while the student edits: a save of a function file is served to the next invoke with no build,
/// from a package built as the SDK builds it. The emulator runs in-process; its terminal lines are captured.
/// </summary>
public sealed class ProjectReloaderTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new(true);
    private readonly TerminalLines _terminal = new();
    private TestEmulator _emulator = null!;
    private FunctionConfig _config = null!;
    private string _configFile = null!;

    private string FunctionScript => Path.Combine(_folder.Code, "function.sh");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(_folder.Code, "HelloBash.csproj");
        File.WriteAllText(project, "<Project Sdk=\"Lambda.BashRuntime.Sdk/0.1.0\" />\n");
        var zip = Path.Combine(_folder.Output, "function.zip");
        File.WriteAllBytes(zip, BuildLikeTheSdk());
        _config = new FunctionConfig
        {
            FunctionName = "HelloBash",
            PackageZip = zip,
            ProjectFile = project,
            Files = [new(Path.Combine(_folder.Code, "bootstrap"), "bootstrap"), new(FunctionScript, "function.sh")],
        };
        _configFile = Path.Combine(_folder.Output, "lambda-function.json");
        File.WriteAllText(_configFile, System.Text.Json.JsonSerializer.Serialize(_config));
        _emulator = await TestEmulator.StartAsync();
        _config.Register(_emulator.Host);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_saved_function_sh_is_served_to_the_next_invoke_and_the_old_warm_environment_is_stopped()
    {
        using var reloader = new ProjectReloader(_configFile, _config, _emulator.Host, _terminal);
        Assert.Equal("Echoing request: '{}'", await InvokeAsync());
        var old = _emulator.Host.Services.GetRequiredService<SlotPool>().Environments().Single();

        Save(Script().Replace("Echoing request", "Echoing saved", StringComparison.Ordinal));

        var line = await _terminal.WaitForAsync("Reloaded HelloBash from its saved files");
        Assert.Equal("Echoing saved: '{}'", await InvokeAsync());
        Assert.Contains($"CodeSha256 {Sha256(BuildLikeTheSdk())}", line); // the bytes `dotnet build` would write
        Assert.Equal(Sha256(BuildLikeTheSdk()), await CodeSha256Async());
        await old.Process!.Exited.WaitAsync(TimeSpan.FromSeconds(10)); // retired, not left warm
    }

    [Fact]
    public async Task A_syntax_error_keeps_the_last_good_revision_and_prints_the_file_and_line()
    {
        using var reloader = new ProjectReloader(_configFile, _config, _emulator.Host, _terminal);
        var revision = _emulator.Host.Functions.Find("HelloBash")!.RevisionId;

        Save(Script().Replace("handler() {", "handler() {\n  if true; then", StringComparison.Ordinal));

        var line = await _terminal.WaitForAsync("has a syntax error");
        Assert.Matches(@"function\.sh has a syntax error \(bash \d+\.\d+\.\d+, /[^)]+\): line \d+: syntax error.*\. Fix it: Lambda would fail to start the function \(Runtime\.ExitError\)\. Still serving the last good revision\.$", line);
        Assert.Equal(revision, _emulator.Host.Functions.Find("HelloBash")!.RevisionId);
        Assert.Equal("Echoing request: '{}'", await InvokeAsync());
    }

    [Fact]
    public async Task A_save_with_CRLF_and_a_BOM_from_a_Windows_editor_runs_and_packs_like_the_build()
    {
        using var reloader = new ProjectReloader(_configFile, _config, _emulator.Host, _terminal);
        var edited = Script().Replace("Echoing request", "Echoing from Windows", StringComparison.Ordinal);

        File.WriteAllBytes(FunctionScript, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(edited.ReplaceLineEndings("\r\n"))]);

        await _terminal.WaitForAsync("Reloaded HelloBash from its saved files");
        Assert.Equal("Echoing from Windows: '{}'", await InvokeAsync());
        Assert.Equal(Sha256(BuildLikeTheSdk()), await CodeSha256Async());
    }

    [Fact]
    public async Task A_save_by_rename_is_seen_from_file_events_alone()
    {
        using var reloader = new ProjectReloader(_configFile, _config, _emulator.Host, _terminal, pollInterval: null);

        // What vim, JetBrains IDEs and VS Code's atomic save do: write a temporary file, rename it over the old one.
        var temporary = FunctionScript + ".tmp~";
        File.WriteAllText(temporary, Script().Replace("Echoing request", "Echoing renamed", StringComparison.Ordinal));
        File.Move(temporary, FunctionScript, overwrite: true);

        await _terminal.WaitForAsync("Reloaded HelloBash from its saved files");
        Assert.Equal("Echoing renamed: '{}'", await InvokeAsync());
    }

    [Fact]
    public async Task Without_file_events_the_poll_sees_a_save()
    {
        using var reloader = new ProjectReloader(_configFile, _config, _emulator.Host, _terminal,
            pollInterval: TimeSpan.FromMilliseconds(200), fileEvents: false);

        Save(Script().Replace("Echoing request", "Echoing polled", StringComparison.Ordinal));

        await _terminal.WaitForAsync("Reloaded HelloBash from its saved files");
        Assert.Equal("Echoing polled: '{}'", await InvokeAsync());
    }

    [Fact]
    public async Task A_change_to_the_project_file_is_announced_as_needing_a_build()
    {
        using var reloader = new ProjectReloader(_configFile, _config, _emulator.Host, _terminal);

        File.AppendAllText(_config.ProjectFile!, "<!-- <LambdaEnvironmentVariable Include=\"GREETING\" Value=\"Hi\" /> -->\n");

        var line = await _terminal.WaitForAsync("HelloBash.csproj changed");
        Assert.Contains("apply after `dotnet build`", line);
    }

    private string Script() => File.ReadAllText(FunctionScript);

    private void Save(string text) => File.WriteAllText(FunctionScript, text);

    /// <summary>function.zip as the SDK's ZipLambdaPackage task writes it from the current files.</summary>
    private byte[] BuildLikeTheSdk()
        => LambdaZipWriter.Write(new[] { "bootstrap", "function.sh" }.Select(name =>
            new LambdaZipEntry(name, ScriptFile.Normalize(File.ReadAllBytes(Path.Combine(_folder.Code, name))), true)));

    private static string Sha256(byte[] zip) => Convert.ToBase64String(SHA256.HashData(zip));

    private async Task<string> CodeSha256Async()
    {
        using var document = System.Text.Json.JsonDocument.Parse(
            await _emulator.Http.GetStringAsync("/2015-03-31/functions/HelloBash"));
        return document.RootElement.GetProperty("Configuration").GetProperty("CodeSha256").GetString()!;
    }

    private async Task<string> InvokeAsync()
    {
        using var response = await _emulator.InvokeAsync("HelloBash", "{}"u8.ToArray());
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The emulator's terminal: each line written, waited for by content.</summary>
    private sealed class TerminalLines : TextWriter
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            _lines.Writer.TryWrite(value ?? "");
        }

        public async Task<string> WaitForAsync(string text)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var seen = new List<string>();
            try
            {
                while (true)
                {
                    var line = await _lines.Reader.ReadAsync(timeout.Token);
                    seen.Add(line);
                    if (line.Contains(text, StringComparison.Ordinal))
                    {
                        return line;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no line with '{text}' within 15 s; lines: {string.Join(" | ", seen)}");
            }
        }
    }
}
