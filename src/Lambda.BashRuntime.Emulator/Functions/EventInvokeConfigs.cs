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
/// A function's asynchronous invocation settings (Put/Get/Update/Delete/ListFunctionEventInvokeConfigs), kept in its
/// record and so in --state-dir. A change is not a new revision: warm environments stay. The Event dispatcher reads
/// <see cref="For"/> at each failed attempt.
/// </summary>
public sealed class EventInvokeConfigs(ControlPlaneState state, FunctionService functions)
{
    /// <summary>Put: the whole config is replaced (members left out go back to Lambda's defaults).</summary>
    public (FunctionRecord Function, EventInvokeConfigRecord Config) Put(string nameOrArn, string? qualifier, EventInvokeConfigRequest request, string region)
        => Change(nameOrArn, qualifier, region, _ => Checked(request, null));

    /// <summary>Update: only the members given change; a function without a config is refused, as AWS refuses it.</summary>
    public (FunctionRecord Function, EventInvokeConfigRecord Config) Update(string nameOrArn, string? qualifier, EventInvokeConfigRequest request, string region)
        => Change(nameOrArn, qualifier, region, function => Checked(request, function.EventInvokeConfig ?? throw Missing(function, qualifier)));

    public (FunctionRecord Function, EventInvokeConfigRecord Config) Get(string nameOrArn, string? qualifier, string region)
    {
        var function = functions.Find(state.Current, nameOrArn, qualifier, region);
        return (function, function.EventInvokeConfig ?? throw Missing(function, qualifier));
    }

    /// <summary>The configs of a function (of $LATEST: the emulator serves no other qualifier).</summary>
    public (FunctionRecord Function, IReadOnlyList<EventInvokeConfigRecord> Configs) List(string nameOrArn, string region)
    {
        var function = functions.Find(state.Current, nameOrArn, null, region);
        return (function, function.EventInvokeConfig is { } config ? [config] : []);
    }

    public void Delete(string nameOrArn, string? qualifier, string region)
        => state.Update(snapshot =>
        {
            var function = functions.Find(snapshot, nameOrArn, qualifier, region);
            if (function.EventInvokeConfig is null)
            {
                throw Missing(function, qualifier);
            }
            return (snapshot with { Functions = snapshot.Functions.SetItem(function.Key, function with { EventInvokeConfig = null }) }, 0);
        });

    /// <summary>The settings an Event invoke of this function runs with now: its config, else Lambda's defaults.</summary>
    public EventInvokeConfigRecord For(string region, string functionName)
        => state.Current.Functions.GetValueOrDefault(ControlPlaneSnapshot.Key(region, functionName))?.EventInvokeConfig
            ?? new EventInvokeConfigRecord(null, null, null, DateTimeOffset.MinValue);

    /// <summary>The FunctionArn a config answers with: the qualified ARN ($LATEST when none was given).</summary>
    public string Arn(FunctionRecord function) => functions.Arn(function) + ":$LATEST";

    private (FunctionRecord, EventInvokeConfigRecord) Change(
        string nameOrArn, string? qualifier, string region, Func<FunctionRecord, EventInvokeConfigRecord> change)
        => state.Update(snapshot =>
        {
            var function = functions.Find(snapshot, nameOrArn, qualifier, region);
            var updated = function with { EventInvokeConfig = change(function) };
            return (snapshot with { Functions = snapshot.Functions.SetItem(function.Key, updated) }, (updated, updated.EventInvokeConfig!));
        });

    private static EventInvokeConfigRecord Checked(EventInvokeConfigRequest request, EventInvokeConfigRecord? current)
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
        return new EventInvokeConfigRecord(
            request.MaximumRetryAttempts ?? current?.MaximumRetryAttempts,
            request.MaximumEventAgeInSeconds ?? current?.MaximumEventAgeInSeconds,
            request.DestinationConfig ?? current?.DestinationConfig,
            DateTimeOffset.UtcNow);
    }

    private static AwsException Constraint(int value, string member, string bound)
        => AwsException.InvalidParameter(
            $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have value {bound}");

    private AwsException Missing(FunctionRecord function, string? qualifier)
        => AwsException.ResourceNotFound(
            $"The function {functions.Arn(function)}:{qualifier ?? "$LATEST"} doesn't have an EventInvokeConfig. "
            + "Create one with put-function-event-invoke-config.");
}
