using System.Globalization;
using System.IO.Compression;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// After update-function-configuration or update-function-code the old environment is shut down once idle, with
/// every process it started: new invokes go to a new environment, as on AWS. Real runtimes through the AWS CLI v2.
/// </summary>
[Trait("Category", TestBash.Category)]
public sealed class SupersededEnvironmentTests : IAsyncLifetime
{
    /// <summary>
    /// background.handler: leaves a job running (`sleep 600.MARK`) in a session of its own, out of the runtime's
    /// process group, and answers at once. No sandbox: nothing but the emulator's own bookkeeping can find it.
    /// </summary>
    private const string Background = """
        # shellcheck shell=bash
        handler() {
          setsid sleep "600.${1//[^0-9]/}" >/dev/null 2>&1 &
          printf 'started %s\n' "$1"
        }
        """;

    private readonly FunctionFolder _folder = new(true, ("background.sh", Background));
    private TestEmulator _emulator = null!;
    private AwsCli _aws = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2, configure: o => o.Sandbox = Lambda.BashRuntime.Emulator.Processes.SandboxMode.None);
        var zip = Path.Combine(_folder.Root, "function.zip");
        ZipFile.CreateFromDirectory(_folder.Code, zip); // keeps the Unix modes (bootstrap 0755)
        _aws = new AwsCli(_emulator.Endpoint, _folder.Root, "us-east-1");
        await _aws.LambdaAsync("create-function", "--function-name", "background", "--zip-file", "fileb://function.zip",
            "--runtime", "provided.al2023", "--handler", "background.handler", "--role", "arn:aws:iam::123456789012:role/lambda-role");
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    [ScriptFact]
    public Task A_configuration_update_ends_the_old_environment_and_its_background_job()
        => AssertUpdateEndsOldJobAsync("update-function-configuration", "--description", "a new configuration");

    [ScriptFact]
    public Task A_code_update_ends_the_old_environment_and_its_background_job()
        => AssertUpdateEndsOldJobAsync("update-function-code", "--zip-file", "fileb://function.zip");

    private async Task AssertUpdateEndsOldJobAsync(params string[] update)
    {
        var mark = Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        using var first = await _emulator.InvokeAsync("background", Utf8($$"""{"mark":{{mark}}}"""));
        Assert.Equal($$"""started {"mark":{{mark}}}""", await first.Content.ReadAsStringAsync());
        await Eventually.WaitUntilAsync(() => HostProcesses.Running("sleep", "600." + mark).Count > 0, "the job started"); // warm, its job running
        var oldPid = _emulator.Host.Services.GetPool().Environments().Single().Process!.Id;

        await _aws.LambdaAsync([update[0], "--function-name", "background", .. update[1..]]);

        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(TimeSpan.FromSeconds(30), "sleep", "600." + mark));
        using var second = await _emulator.InvokeAsync("background", Utf8("""{"mark":1}"""));
        Assert.Equal("""started {"mark":1}""", await second.Content.ReadAsStringAsync());
        Assert.DoesNotContain(oldPid, _emulator.Host.Services.GetPool().Environments().Where(e => !e.IsRetired).Select(e => e.Process!.Id));
    }
}
