using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Errors;

namespace Lambda.BashRuntime.Emulator.Layers;

/// <summary>Layer names and ARNs as clients pass them.</summary>
internal static partial class LayerArns
{
    public readonly record struct VersionArn(string Region, string AccountId, string LayerName, long Version);

    /// <summary>"name" or "arn:aws:lambda:region:account:layer:name": the name, checked.</summary>
    public static string Name(string nameOrArn, string accountId)
    {
        var match = LayerArnPattern().Match(nameOrArn);
        if (match.Success)
        {
            if (match.Groups["account"].Value != accountId)
            {
                throw AwsException.InvalidParameter($"The layer ARN '{nameOrArn}' names another account: this emulator serves account {accountId}.");
            }
            return match.Groups["name"].Value;
        }
        if (!NamePattern().IsMatch(nameOrArn))
        {
            throw AwsException.InvalidParameter(
                $"The layer name '{nameOrArn}' is not valid: use 1 to 140 letters, digits, hyphens or underscores, or a layer ARN.");
        }
        return nameOrArn;
    }

    public static VersionArn? TryParseVersion(string arn)
    {
        var match = LayerVersionArnPattern().Match(arn);
        return match.Success && long.TryParse(match.Groups["version"].Value, out var version)
            ? new VersionArn(match.Groups["region"].Value, match.Groups["account"].Value, match.Groups["name"].Value, version)
            : null;
    }

    public static VersionArn ParseVersion(string arn) => TryParseVersion(arn)
        ?? throw AwsException.InvalidParameter(
            $"'{arn}' is not a layer version ARN: expected arn:aws:lambda:<region>:<account>:layer:<name>:<version>, as publish-layer-version prints it in LayerVersionArn.");

    [GeneratedRegex(LambdaRules.LayerNamePattern)]
    private static partial Regex NamePattern();

    [GeneratedRegex(LambdaRules.LayerArnPattern)]
    private static partial Regex LayerArnPattern();

    [GeneratedRegex(LambdaRules.LayerVersionArnPattern)]
    private static partial Regex LayerVersionArnPattern();
}
