using Microsoft.Extensions.DependencyInjection;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Sdk;

/// <summary>
/// The tutorial's AWS steps through the SDK targets of a generated project (Deploy, Invoke, PublishLayer, UseLayer,
/// ShareLayer, Destroy), driving the real AWS CLI v2 against the emulator with -p:LambdaEndpoint.
/// </summary>
public sealed class DeployTargetsTests : IAsyncLifetime
{
    private const string Answer = """Echoing request: '{"text":"Hello"}'""";
    private EmulatorHost _emulator = null!;

    public async Task InitializeAsync()
        => _emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, EchoFunctionLogs = false });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private Task<CommandResult> TargetAsync(PackedTemplates templates, string project, string target, params string[] properties)
        => TargetAsync(templates, project, target, null, properties);

    /// <summary>
    /// Runs a target with no AWS CLI region configured (no AWS_REGION, AWS_DEFAULT_REGION or config file) unless
    /// <paramref name="environment"/> sets one, so an empty Region resolves the same way on every machine.
    /// </summary>
    private async Task<CommandResult> TargetAsync(
        PackedTemplates templates, string project, string target, IReadOnlyDictionary<string, string?>? environment, params string[] properties)
    {
        var hermetic = new Dictionary<string, string?>
        {
            ["AWS_REGION"] = null,
            ["AWS_DEFAULT_REGION"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = Path.Combine(project, "no-aws-config"),
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            hermetic[name] = value;
        }
        var result = await templates.DotnetAsync(project,
        [
            "build", $"-t:{target}", "-nologo", "-clp:NoSummary", "-p:AwsCli=/usr/bin/aws",
            $"-p:LambdaEndpoint={_emulator.BaseUrl.ToString().TrimEnd('/')}", .. properties,
        ], environment: hermetic);
        return result;
    }

    [Fact]
    public async Task Deploy_publishes_a_version_and_moves_an_alias_to_it_in_the_region_the_CLI_is_configured_for()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("Pipeline");
        var west = new Dictionary<string, string?> { ["AWS_REGION"] = "us-west-2" };

        var first = await TargetAsync(templates, project, "Deploy", west, "-p:LambdaPublish=true", "-p:LambdaAlias=live");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Region is empty: using us-west-2 (AWS_REGION).", first.Output);
        Assert.Contains("Published version 1 of Pipeline.", first.Output);
        Assert.Contains("Alias live of Pipeline now points at version 1.", first.Output);
        Assert.Equal("1", _emulator.Functions.Find("Pipeline", "us-west-2", "live")!.Version);

        var second = await TargetAsync(templates, project, "Deploy", west, "-p:Timeout=10", "-p:LambdaAlias=live");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Alias live of Pipeline now points at version 2.", second.Output);
        var live = _emulator.Functions.Find("Pipeline", "us-west-2", "live")!;
        Assert.Equal(("2", 10), (live.Version, live.TimeoutSeconds));
        Assert.NotEqual(10, _emulator.Functions.Find("Pipeline", "us-west-2", "1")!.TimeoutSeconds); // version 1 keeps its configuration

        var config = Path.Combine(project, "aws-config");
        File.WriteAllText(config, "[default]\nregion = eu-west-1\n");
        var europe = await TargetAsync(templates, project, "Deploy", new Dictionary<string, string?> { ["AWS_CONFIG_FILE"] = config });
        Assert.True(europe.ExitCode == 0, europe.ToString());
        Assert.Contains("Region is empty: using eu-west-1 (aws configure get region).", europe.Output);
        Assert.Contains("Created function Pipeline", europe.Output);
        Assert.NotNull(_emulator.Functions.Find("Pipeline", "eu-west-1", null));

        var none = await TargetAsync(templates, project, "Invoke");
        Assert.Contains("Region is empty: using us-east-1 (no region configured for the AWS CLI: its default).", none.Output);
        Assert.Contains("error LBR019", none.Output); // nothing was deployed to us-east-1

        var badAlias = await TargetAsync(templates, project, "Deploy", west, "-p:LambdaAlias=42");
        Assert.Contains("error LBR040: LambdaAlias '42' is not a valid alias name", badAlias.Output);
    }

    [Fact]
    public async Task Deploy_and_UseLayer_wait_with_the_v2_waiters_after_every_change()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("Waiters");
        // The real CLI behind a recorder: which lambda commands Deploy runs, in order.
        var calls = Path.Combine(project, "aws-calls.txt");
        var recorder = Path.Combine(project, "aws-recorder");
        File.WriteAllText(recorder, $"#!/bin/bash\nprintf '%s\\n' \"$*\" >> '{calls}'\nexec /usr/bin/aws \"$@\"\n");
        File.SetUnixFileMode(recorder, (UnixFileMode)Convert.ToInt32("755", 8));

        Assert.Equal(0, (await TargetAsync(templates, project, "Deploy", $"-p:AwsCli={recorder}", "-p:LambdaPublish=true")).ExitCode);
        Assert.Equal(0, (await TargetAsync(templates, project, "Deploy", $"-p:AwsCli={recorder}", "-p:Timeout=10")).ExitCode);
        Assert.Equal(0, (await TargetAsync(templates, project, "PublishLayer", $"-p:AwsCli={recorder}")).ExitCode);
        Assert.Equal(0, (await TargetAsync(templates, project, "UseLayer", $"-p:AwsCli={recorder}")).ExitCode);

        var steps = File.ReadAllLines(calls)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^lambda ((?:wait )?[a-z0-9-]+)").Groups[1].Value)
            .Where(step => step is "create-function" or "update-function-code" or "update-function-configuration" or "publish-version" || step.StartsWith("wait ", StringComparison.Ordinal));
        Assert.Equal(
        [
            "create-function", "wait function-active-v2", "publish-version", "wait published-version-active",
            "update-function-code", "wait function-updated-v2", "update-function-configuration", "wait function-updated-v2",
            "update-function-configuration", "wait function-updated-v2", "update-function-code", "wait function-updated-v2", // UseLayer
        ], steps);
    }

    [Fact]
    public async Task Tutorial_through_the_sdk_targets()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("TargetFlow");

        var deploy = await TargetAsync(templates, project, "Deploy");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("Created function TargetFlow", deploy.Output);
        var created = _emulator.Functions.Find("TargetFlow")!;
        Assert.Equal("function.handler", created.Handler);
        Assert.True(File.Exists(Path.Combine(created.CodeDirectory, "bootstrap")));

        var invoke = await TargetAsync(templates, project, "Invoke");
        Assert.True(invoke.ExitCode == 0, invoke.ToString());
        Assert.Contains(Answer, invoke.Output);

        // An invoke that fails for another reason than a missing function has its own code (LBR019 is "deploy first").
        File.WriteAllText(Path.Combine(project, "events", "not-json.json"), "{not json");
        var invokeBadEvent = await TargetAsync(templates, project, "Invoke", "-p:InvokeEvent=events/not-json.json");
        Assert.NotEqual(0, invokeBadEvent.ExitCode);
        Assert.Contains("error LBR026: Could not invoke TargetFlow with events/not-json.json:", invokeBadEvent.Output);
        Assert.DoesNotContain("LBR019", invokeBadEvent.Output);

        var publish = await TargetAsync(templates, project, "PublishLayer");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Contains("as arn:aws:lambda:us-east-1:123456789012:layer:TargetFlow:1", publish.Output);

        var useLayer = await TargetAsync(templates, project, "UseLayer");
        Assert.True(useLayer.ExitCode == 0, useLayer.ToString());
        var layered = _emulator.Functions.Find("TargetFlow")!;
        Assert.False(File.Exists(Path.Combine(layered.CodeDirectory, "bootstrap")), "function-only.zip carries no bootstrap");
        Assert.True(File.Exists(Path.Combine(layered.OptDirectory!, "bootstrap")), "the layer's bootstrap is in the local /opt");

        var invokeOnLayer = await TargetAsync(templates, project, "Invoke");
        Assert.True(invokeOnLayer.ExitCode == 0, invokeOnLayer.ToString());
        Assert.Contains(Answer, invokeOnLayer.Output);

        var share = await TargetAsync(templates, project, "ShareLayer");
        Assert.True(share.ExitCode == 0, share.ToString());
        Assert.Contains("with 123456789012", share.Output);
        Assert.Contains("""Statement: {"Sid":"share-123456789012","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"lambda:GetLayerVersion","Resource":"arn:aws:lambda:us-east-1:123456789012:layer:TargetFlow:1"} RevisionId: """, share.Output);
        Assert.DoesNotContain("LBR020", share.Output);

        var shareAgain = await TargetAsync(templates, project, "ShareLayer");
        Assert.True(shareAgain.ExitCode == 0, shareAgain.ToString());
        Assert.Contains("arn:aws:lambda:us-east-1:123456789012:layer:TargetFlow:1 is already shared with 123456789012 (statement share-123456789012).", shareAgain.Output);

        var public_ = await TargetAsync(templates, project, "ShareLayer", "-p:LayerPrincipal=*");
        Assert.True(public_.ExitCode == 0, public_.ToString());
        Assert.Contains("warning LBR020: LayerPrincipal=* makes arn:aws:lambda:us-east-1:123456789012:layer:TargetFlow:1 public", public_.Output);

        var redeploy = await TargetAsync(templates, project, "Deploy", "-p:Timeout=10");
        Assert.True(redeploy.ExitCode == 0, redeploy.ToString());
        Assert.Contains("Updated function TargetFlow", redeploy.Output);
        Assert.Equal(10, _emulator.Functions.Find("TargetFlow")!.TimeoutSeconds);

        var destroy = await TargetAsync(templates, project, "Destroy");
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Contains("Deleted function TargetFlow.", destroy.Output);
        Assert.Contains("Deleted layer TargetFlow versions: 1.", destroy.Output);
        Assert.Null(_emulator.Functions.Find("TargetFlow"));

        var destroyAgain = await TargetAsync(templates, project, "Destroy");
        Assert.True(destroyAgain.ExitCode == 0, destroyAgain.ToString());
        Assert.Contains("Function TargetFlow did not exist: nothing to delete.", destroyAgain.Output);
        Assert.Contains("Layer TargetFlow had no versions: nothing to delete.", destroyAgain.Output);

        var invokeGone = await TargetAsync(templates, project, "Invoke");
        Assert.NotEqual(0, invokeGone.ExitCode);
        Assert.Contains("error LBR019: Function TargetFlow does not exist: create it first with the Deploy target.", invokeGone.Output);
    }

    [Fact]
    public async Task Deploying_a_new_function_without_a_role_is_error_LBR013()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("NoRole");

        var deploy = await TargetAsync(templates, project, "Deploy", "-p:Role=");

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains("error LBR013: Function NoRole does not exist yet, and creating it needs an execution role", deploy.Output);
        Assert.Null(_emulator.Functions.Find("NoRole"));
    }

    [Fact]
    public async Task Using_a_layer_before_publishing_one_is_error_LBR015()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("NoLayer");

        var useLayer = await TargetAsync(templates, project, "UseLayer");

        Assert.NotEqual(0, useLayer.ExitCode);
        Assert.Contains("error LBR015: Layer NoLayer has no version yet: run the PublishLayer target first.", useLayer.Output);
    }

    [Fact]
    public async Task The_FunctionUrl_target_gives_the_function_a_URL_and_checks_the_CLI_for_what_a_public_one_needs()
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("UrlFlow");
        var missing = await TargetAsync(templates, project, "FunctionUrl", "-p:FunctionUrlAuthType=AWS_IAM");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("error LBR019: Function UrlFlow does not exist: create it first with the Deploy target.", missing.Output);
        Assert.Equal(0, (await TargetAsync(templates, project, "Deploy")).ExitCode);

        var iam = await TargetAsync(templates, project, "FunctionUrl", "-p:FunctionUrlAuthType=AWS_IAM");

        Assert.True(iam.ExitCode == 0, iam.ToString());
        var url = System.Text.RegularExpressions.Regex.Match(iam.Output, @"Function URL of UrlFlow \(AuthType AWS_IAM\): (http://127\.0\.0\.1:\d+/)").Groups[1].Value;
        Assert.NotEqual("", url);
        Assert.Equal(403, (await FunctionUrls.Curl.RunAsync(url)).Status); // served, and unsigned requests are refused
        Assert.Equal(0, (await TargetAsync(templates, project, "FunctionUrl", "-p:FunctionUrlAuthType=AWS_IAM")).ExitCode); // again: updated

        // Debian's CLI 2.9 cannot add the InvokedViaFunctionUrl statement a public URL needs: refused before any change.
        var public_ = await TargetAsync(templates, project, "FunctionUrl");
        Assert.NotEqual(0, public_.ExitCode);
        Assert.Contains("error LBR031: '/usr/bin/aws' is aws-cli/2.9.19", public_.Output);
        Assert.Contains("does not know --invoked-via-function-url", public_.Output);
        var streaming = await TargetAsync(templates, project, "FunctionUrl", "-p:FunctionUrlAuthType=AWS_IAM", "-p:FunctionUrlInvokeMode=RESPONSE_STREAM");
        Assert.Contains("does not know --invoke-mode", streaming.Output);
        var config = _emulator.Services.GetRequiredService<Lambda.BashRuntime.Emulator.Functions.FunctionUrlService>().Get("UrlFlow", null, "us-east-1").Url;
        Assert.Equal(("AWS_IAM", "BUFFERED", url), (config.AuthType, config.InvokeMode, config.Url));

        var bad = await TargetAsync(templates, project, "FunctionUrl", "-p:FunctionUrlAuthType=PUBLIC");
        Assert.Contains("error LBR030: FunctionUrlAuthType 'PUBLIC' is not valid", bad.Output);
    }
}
