using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Events;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// `generate-event KIND [--output FILE [--force]] [--region R] [--account-id ID]`: an AWS-shaped sample event, like
/// `sam local generate-event`, on stdout or into a file that is never overwritten without --force. The region is
/// --region, else the project's (its run config), else us-east-1, as the emulator's own ARNs; the account is
/// --account-id, else the emulator's default.
/// </summary>
internal static partial class GenerateEventCommand
{
    public static int Run(string kind, FileInfo? output, bool force, string? region, string? accountId, FileInfo? configFile)
    {
        try
        {
            region ??= configFile is { Exists: true } ? FunctionConfig.Load(configFile.FullName).RegionOrDefault : LambdaRules.DefaultRegion;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot read the project's region from {configFile!.FullName}: {e.Message}. Pass --region.");
            return 2;
        }
        accountId ??= LambdaRules.DefaultAccountId;
        if (!RegionName().IsMatch(region))
        {
            Console.Error.WriteLine($"error: '{region}' is not an AWS region name, such as us-east-1 or eu-west-1.");
            return 2;
        }
        if (!AccountId().IsMatch(accountId))
        {
            Console.Error.WriteLine($"error: '{accountId}' is not an AWS account id: 12 digits, such as 123456789012.");
            return 2;
        }

        var json = SampleEvents.Generate(kind, region, accountId);
        if (output is null)
        {
            Console.Out.Write(json);
            return 0;
        }
        if (output.Exists && !force)
        {
            Console.Error.WriteLine($"error: {output.FullName} exists; add --force to overwrite it, or choose another --output.");
            return 2;
        }
        try
        {
            Directory.CreateDirectory(output.DirectoryName!);
            File.WriteAllText(output.FullName, json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot write {output.FullName}: {e.Message}");
            return 2;
        }
        Console.Error.WriteLine($"Wrote the {kind} event to {output.FullName}; invoke with: dotnet run -- invoke --event {Path.GetRelativePath(Environment.CurrentDirectory, output.FullName)}");
        return 0;
    }

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")]
    private static partial Regex RegionName();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountId();
}
