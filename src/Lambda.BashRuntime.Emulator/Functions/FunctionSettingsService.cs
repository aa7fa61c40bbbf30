using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// A function's tags (TagResource, UntagResource, ListTags: by the function's ARN) and reserved concurrency
/// (PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency), and the account's limits
/// (GetAccountSettings). None of them changes the function's revision: warm environments stay.
/// </summary>
public sealed class FunctionSettingsService(ControlPlaneState state, FunctionService functions)
{
    /// <summary>Lambda's default concurrency quota per account and region.</summary>
    public const int AccountConcurrency = 1000;

    /// <summary>Lambda keeps this much of the account's concurrency unreserved.</summary>
    public const int MinimumUnreserved = 100;

    public FunctionRecord Tag(string arn, Dictionary<string, string>? tags, string region)
        => Change(arn, region, function => function with { Tags = FunctionTags.Validate(tags ?? throw AwsException.InvalidParameter("Tags is required: pass --tags Key=Value."), function.Tags) });

    public FunctionRecord Untag(string arn, IReadOnlyList<string> keys, string region)
        => Change(arn, region, function => function with { Tags = function.Tags.RemoveRange(keys) });

    public FunctionRecord Tags(string arn, string region) => functions.Find(state.Current, TaggedFunction(arn), null, region);

    public int PutConcurrency(string nameOrArn, int? reserved, string region)
    {
        if (reserved is not { } value || value < 0)
        {
            throw AwsException.InvalidParameter("ReservedConcurrentExecutions is required: pass --reserved-concurrent-executions with 0 or more.");
        }
        Change(nameOrArn, region, function =>
        {
            var others = state.Current.Functions.Values.Where(f => f.Region == region && f.Key != function.Key).Sum(f => f.ReservedConcurrency ?? 0);
            if (AccountConcurrency - others - value < MinimumUnreserved)
            {
                throw AwsException.InvalidParameter(
                    $"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{MinimumUnreserved}].");
            }
            return function with { ReservedConcurrency = value };
        });
        return value;
    }

    public int? GetConcurrency(string nameOrArn, string region)
        => functions.Find(state.Current, FunctionNames.Parse(nameOrArn).Name, null, region).ReservedConcurrency;

    public void DeleteConcurrency(string nameOrArn, string region)
        => Change(nameOrArn, region, function => function with { ReservedConcurrency = null });

    /// <summary>The account's concurrency left unreserved in a region, and what its functions' code takes.</summary>
    public (int Unreserved, long TotalCodeSize, int FunctionCount) Account(string region)
    {
        var regional = state.Current.Functions.Values.Where(f => f.Region == region).ToList();
        return (AccountConcurrency - regional.Sum(f => f.ReservedConcurrency ?? 0),
            regional.SelectMany(f => f.Versions.Values.Prepend(f)).Sum(f => f.Code.CodeSize),
            regional.Count);
    }

    private FunctionRecord Change(string nameOrArn, string region, Func<FunctionRecord, FunctionRecord> change)
        => state.Update(snapshot =>
        {
            var function = change(functions.Find(snapshot, TaggedFunction(nameOrArn), null, region));
            return (snapshot with { Functions = snapshot.Functions.SetItem(function.Key, function) }, function);
        });

    /// <summary>Tags belong to the function: a qualified ARN (a version's, an alias's) is refused, as Lambda refuses it.</summary>
    private static string TaggedFunction(string nameOrArn)
        => FunctionNames.Parse(nameOrArn).Qualifier is { } qualifier && nameOrArn.StartsWith("arn:", StringComparison.Ordinal)
            ? throw AwsException.InvalidParameter($"Tags are kept on the function, not on version or alias '{qualifier}': pass the function's ARN without the qualifier.")
            : nameOrArn;
}
