using System.Diagnostics;
using System.Text.Json;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>Runs the AWS CLI v2 (/usr/bin/aws; the first `aws` on PATH may be v1) against the emulator.</summary>
public sealed class AwsCli(string endpointUrl, string workingDirectory, string region = "us-west-2")
{
    public const string Path = "/usr/bin/aws";

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    public string Region => region;

    /// <summary>Runs <c>aws lambda ARGS</c>; asserts success and returns stdout parsed as JSON (null when empty).</summary>
    public async Task<JsonElement?> LambdaAsync(params string[] args)
    {
        var result = await RunAsync(["lambda", .. args]);
        Assert.True(result.ExitCode == 0, $"aws lambda {string.Join(' ', args)} failed ({result.ExitCode}): {result.Stderr}");
        return result.Stdout.Trim().Length == 0 ? null : result.Json;
    }

    /// <summary>Runs <c>aws lambda ARGS</c>, expecting it to fail; returns stderr.</summary>
    public async Task<string> LambdaFailsAsync(params string[] args)
    {
        var result = await RunAsync(["lambda", .. args]);
        Assert.True(result.ExitCode != 0, $"aws lambda {string.Join(' ', args)} should have failed: {result.Stdout}");
        return result.Stderr;
    }

    public async Task<Result> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args.Concat(["--endpoint-url", endpointUrl, "--output", "json", "--no-cli-pager"]))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        start.Environment["AWS_DEFAULT_REGION"] = region;
        start.Environment["AWS_CONFIG_FILE"] = System.IO.Path.Combine(workingDirectory, "no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = System.IO.Path.Combine(workingDirectory, "no-credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
