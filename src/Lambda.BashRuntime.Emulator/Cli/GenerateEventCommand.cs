using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Events;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// `generate-event KIND [--output FILE [--force]] [--region R] [--account-id ID]`: an AWS-shaped sample event, like
/// `sam local generate-event`, on stdout or into a file that is never overwritten without --force, and never written
/// through a symbolic link. The region is
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
        catch (Exception e) when (UsageError.IsUserError(e))
        {
            throw new UsageError($"cannot read the project's region from {configFile!.FullName}: {e.Message}. Pass --region.", e);
        }
        accountId ??= LambdaRules.DefaultAccountId;
        if (!RegionName().IsMatch(region))
        {
            throw new UsageError($"'{region}' is not an AWS region name, such as us-east-1 or eu-west-1.");
        }
        if (!AccountId().IsMatch(accountId))
        {
            throw new UsageError($"'{accountId}' is not an AWS account id: 12 digits, such as {LambdaRules.DefaultAccountId}.");
        }

        var json = SampleEvents.Generate(kind, region, accountId);
        if (output is null)
        {
            Console.Out.Write(json);
            return 0;
        }
        if (output.LinkTarget is { } target)
        {
            // --force through a link would overwrite whatever it points to (a file outside the project, even a dangling
            // link's future target): the link is never followed, with or without --force.
            throw new UsageError($"{output.FullName} is a symbolic link (to {target}); generate-event does not write through it. "
                + "Remove the link or choose another --output.");
        }
        if (output.Exists && !force)
        {
            throw new UsageError($"{output.FullName} exists; add --force to overwrite it, or choose another --output.");
        }
        try
        {
            Directory.CreateDirectory(output.DirectoryName!);
            File.WriteAllText(output.FullName, json);
        }
        catch (Exception e) when (UsageError.IsUserError(e))
        {
            throw new UsageError($"cannot write {output.FullName}: {e.Message}", e);
        }
        Console.Error.WriteLine($"Wrote the {kind} event to {output.FullName}; invoke with: dotnet run -- invoke --event {Path.GetRelativePath(Environment.CurrentDirectory, output.FullName)}");
        return 0;
    }

    [GeneratedRegex(LambdaRules.RegionPattern)]
    private static partial Regex RegionName();

    [GeneratedRegex(LambdaRules.AccountIdPattern)]
    private static partial Regex AccountId();
}
