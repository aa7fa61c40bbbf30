using System.Text.RegularExpressions;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// The region the AWS CLI would use, found as the CLI finds it: AWS_REGION, then AWS_DEFAULT_REGION, then the `region`
/// of the profile (AWS_PROFILE, else default) in the config file (AWS_CONFIG_FILE, else ~/.aws/config); null when
/// none is set. An empty Region in a project means this one, as the SDK's targets resolve it, so that a function the
/// emulator creates for `dotnet run` lives in the region the user's CLI calls.
/// </summary>
internal static partial class AwsCliRegion
{
    public static string? Find(Func<string, string?>? environment = null, string? home = null)
    {
        environment ??= System.Environment.GetEnvironmentVariable;
        foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (environment(name) is { Length: > 0 } region)
            {
                return region;
            }
        }
        var config = environment("AWS_CONFIG_FILE") is { Length: > 0 } file
            ? file
            : Path.Combine(home ?? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".aws", "config");
        if (!File.Exists(config))
        {
            return null;
        }
        var profile = environment("AWS_PROFILE") is { Length: > 0 } named ? named : "default";
        var section = profile == "default" ? "default" : $"profile {profile}";
        string? current = null;
        foreach (var line in File.ReadLines(config))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                current = trimmed[1..^1].Trim();
            }
            else if (current == section && RegionLine().Match(trimmed) is { Success: true } match)
            {
                return match.Groups["region"].Value;
            }
        }
        return null;
    }

    [GeneratedRegex(@"^region\s*=\s*(?<region>[a-z0-9-]+)\s*$")]
    private static partial Regex RegionLine();
}
