using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>What PutFunctionEventInvokeConfig and UpdateFunctionEventInvokeConfig take (the model's request members).</summary>
public sealed record EventInvokeConfigRequest
{
    public int? MaximumRetryAttempts { get; init; }
    public int? MaximumEventAgeInSeconds { get; init; }
    public EventDestinations? DestinationConfig { get; init; }
}

/// <summary>
/// A function's asynchronous invocation settings (Put/Get/Update/Delete/ListFunctionEventInvokeConfigs), one per
/// qualifier as Lambda keeps them: $LATEST (also when none is given), a version number or an alias. Kept in the
/// function's record and so in --state-dir. A change is not a new revision: warm environments stay. The Event
/// dispatcher reads <see cref="For"/> for the qualifier each event was invoked with.
/// </summary>
public sealed class EventInvokeConfigs(ControlPlaneState state, FunctionService functions)
{
    /// <summary>A config and the qualifier it belongs to.</summary>
    public sealed record Qualified(string Qualifier, EventInvokeConfigRecord Config);

    /// <summary>Put: the whole config is replaced (members left out go back to Lambda's defaults).</summary>
    public (FunctionRecord Function, Qualified Config) Put(string nameOrArn, string? qualifier, EventInvokeConfigRequest request, string region)
        => Change(nameOrArn, qualifier, region, (_, _) => Checked(request, null));

    /// <summary>Update: only the members given change; a qualifier without a config is refused, as AWS refuses it.</summary>
    public (FunctionRecord Function, Qualified Config) Update(string nameOrArn, string? qualifier, EventInvokeConfigRequest request, string region)
        => Change(nameOrArn, qualifier, region,
            (function, named) => Checked(request, function.EventInvokeConfigs.GetValueOrDefault(named) ?? throw Missing(function, named)));

    public (FunctionRecord Function, Qualified Config) Get(string nameOrArn, string? qualifier, string region)
    {
        var (function, named) = Find(state.Current, nameOrArn, qualifier, region);
        return (function, new Qualified(named, function.EventInvokeConfigs.GetValueOrDefault(named) ?? throw Missing(function, named)));
    }

    /// <summary>Every config of a function, of all its qualifiers, in qualifier order.</summary>
    public (FunctionRecord Function, IReadOnlyList<Qualified> Configs) List(string nameOrArn, string region)
    {
        var function = functions.Find(state.Current, nameOrArn, null, region);
        return (function, [.. function.EventInvokeConfigs.Select(c => new Qualified(c.Key, c.Value))]);
    }

    public void Delete(string nameOrArn, string? qualifier, string region)
        => state.Update(snapshot =>
        {
            var (function, named) = Find(snapshot, nameOrArn, qualifier, region);
            if (!function.EventInvokeConfigs.ContainsKey(named))
            {
                throw Missing(function, named);
            }
            var changed = function with { EventInvokeConfigs = function.EventInvokeConfigs.Remove(named) };
            return (snapshot with { Functions = snapshot.Functions.SetItem(function.Key, changed) }, 0);
        });

    /// <summary>
    /// The settings an Event invoke runs with now: the config of the qualifier it was invoked with ($LATEST when none),
    /// else Lambda's defaults (an alias without a config of its own does not borrow its version's, nor $LATEST's).
    /// </summary>
    public EventInvokeConfigRecord For(string region, string functionName, string? qualifier)
        => state.Current.Functions.GetValueOrDefault(ControlPlaneSnapshot.Key(region, functionName))?.EventInvokeConfigs
                .GetValueOrDefault(qualifier ?? FunctionRecord.LatestVersion)
            ?? new EventInvokeConfigRecord(null, null, null, DateTimeOffset.MinValue);

    /// <summary>The FunctionArn a config answers with: the qualified ARN ($LATEST when none was given).</summary>
    public string Arn(FunctionRecord function, string qualifier) => functions.Arn(function) + ":" + qualifier;

    /// <summary>The function and the qualifier named (by the parameter, else the ARN's, else $LATEST), which must exist.</summary>
    private (FunctionRecord Function, string Qualifier) Find(ControlPlaneSnapshot snapshot, string nameOrArn, string? qualifier, string region)
    {
        var named = qualifier ?? FunctionNames.Parse(nameOrArn).Qualifier ?? FunctionRecord.LatestVersion;
        return (functions.Find(snapshot, nameOrArn, named, region), named);
    }

    private (FunctionRecord, Qualified) Change(
        string nameOrArn, string? qualifier, string region, Func<FunctionRecord, string, EventInvokeConfigRecord> change)
        => state.Update(snapshot =>
        {
            var (function, named) = Find(snapshot, nameOrArn, qualifier, region);
            var config = change(function, named);
            var updated = function with { EventInvokeConfigs = function.EventInvokeConfigs.SetItem(named, config) };
            return (snapshot with { Functions = snapshot.Functions.SetItem(function.Key, updated) }, (updated, new Qualified(named, config)));
        });

    private static EventInvokeConfigRecord Checked(EventInvokeConfigRequest request, EventInvokeConfigRecord? current)
    {
        Validate(request);
        return new EventInvokeConfigRecord(
            request.MaximumRetryAttempts ?? current?.MaximumRetryAttempts,
            request.MaximumEventAgeInSeconds ?? current?.MaximumEventAgeInSeconds,
            request.DestinationConfig ?? current?.DestinationConfig,
            DateTimeOffset.UtcNow);
    }

    /// <summary>The request's values as Lambda checks them (also a config read back from --state-dir).</summary>
    internal static void Validate(EventInvokeConfigRequest request)
    {
        if (request.MaximumRetryAttempts is { } retries && retries is < 0 or > 2)
        {
            throw Constraint(retries, "maximumRetryAttempts", retries < 0 ? "greater than or equal to 0" : "less than or equal to 2");
        }
        if (request.MaximumEventAgeInSeconds is { } age && age is < 60 or > 21_600)
        {
            throw Constraint(age, "maximumEventAgeInSeconds", age < 60 ? "greater than or equal to 60" : "less than or equal to 21600");
        }
        foreach (var destination in new[] { request.DestinationConfig?.OnSuccess?.Destination, request.DestinationConfig?.OnFailure?.Destination })
        {
            if (destination is not null && !destination.StartsWith("arn:", StringComparison.Ordinal))
            {
                throw AwsException.InvalidParameter(
                    $"The destination ARN {destination} is invalid: give the ARN of an SQS queue, SNS topic, Lambda function or EventBridge event bus.");
            }
        }
    }

    private static AwsException Constraint(int value, string member, string bound)
        => AwsException.InvalidParameter(
            $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have value {bound}");

    private AwsException Missing(FunctionRecord function, string qualifier)
        => AwsException.ResourceNotFound(
            $"The function {functions.Arn(function)}:{qualifier} doesn't have an EventInvokeConfig. "
            + "Create one with put-function-event-invoke-config.");
}
