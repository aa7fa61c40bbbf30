namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>Splits what clients pass as FunctionName: a name, "name:qualifier", or a full/partial ARN.</summary>
public static class FunctionNames
{
    public readonly record struct Parsed(string Name, string? Qualifier);

    public static Parsed Parse(string nameOrArn)
    {
        // arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]  or  123456789012:function:name[:qualifier]
        var parts = nameOrArn.Split(':');
        var functionIndex = Array.IndexOf(parts, "function");
        if (functionIndex >= 0 && functionIndex + 1 < parts.Length)
        {
            return new Parsed(parts[functionIndex + 1], functionIndex + 2 < parts.Length ? parts[functionIndex + 2] : null);
        }
        return parts.Length == 2 ? new Parsed(parts[0], parts[1]) : new Parsed(nameOrArn, null);
    }
}
