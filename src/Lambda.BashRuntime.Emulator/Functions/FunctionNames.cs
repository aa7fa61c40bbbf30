namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>Splits what clients pass as FunctionName: a name, "name:qualifier", or a full/partial ARN.</summary>
public static class FunctionNames
{
    /// <summary>The parts of a name or ARN; <see cref="Region"/> and <see cref="Account"/> only when the ARN names them.</summary>
    public readonly record struct Parsed(string Name, string? Qualifier, string? Region = null, string? Account = null);

    public static Parsed Parse(string nameOrArn)
    {
        // arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]  or  123456789012:function:name[:qualifier]
        var parts = nameOrArn.Split(':');
        var functionIndex = Array.IndexOf(parts, "function");
        if (functionIndex >= 0 && functionIndex + 1 < parts.Length)
        {
            var region = functionIndex == 5 && parts[0] == "arn" ? parts[3] : null;
            var account = functionIndex >= 1 ? parts[functionIndex - 1] : null;
            return new Parsed(parts[functionIndex + 1], functionIndex + 2 < parts.Length ? parts[functionIndex + 2] : null,
                region, account);
        }
        return parts.Length == 2 ? new Parsed(parts[0], parts[1]) : new Parsed(nameOrArn, null);
    }

    /// <summary>
    /// Why an ARN of another region or account cannot be reached from a request signed for <paramref name="region"/>
    /// (Lambda's own words for the region; the emulator has one account); null when it can. Both answer 404
    /// ResourceNotFoundException, as Lambda does.
    /// </summary>
    public static string? Unreachable(string nameOrArn, string accountId, string region)
    {
        var parsed = Parse(nameOrArn);
        if (parsed.Region is { Length: > 0 } arnRegion && !string.Equals(arnRegion, region, StringComparison.Ordinal))
        {
            return $"Functions from '{arnRegion}' are not reachable in this region ('{region}')";
        }
        if (parsed.Account is { Length: > 0 } account && !string.Equals(account, accountId, StringComparison.Ordinal))
        {
            return $"Function not found: {nameOrArn}. The local emulator has one account, {accountId}: functions of other accounts are not reachable.";
        }
        return null;
    }
}
