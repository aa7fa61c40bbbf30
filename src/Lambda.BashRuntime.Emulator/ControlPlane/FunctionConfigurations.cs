using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>A stored function record ($LATEST or a version) as the API answers it (FunctionConfiguration).</summary>
internal static class FunctionConfigurations
{
    /// <param name="arn">The ARN to answer: unqualified, or with the qualifier the request named.</param>
    public static FunctionConfiguration Of(FunctionRecord record, string arn)
    {
        var now = DateTimeOffset.UtcNow;
        var pending = record.IsPending(now);
        var inProgress = FunctionStates.LastUpdateStatus(record, now) == "InProgress";
        return new()
        {
            FunctionName = record.FunctionName,
            FunctionArn = arn,
            Runtime = record.Runtime,
            Role = record.Role,
            Handler = record.Handler,
            CodeSize = record.Code.CodeSize,
            Description = record.Description,
            Timeout = record.Timeout,
            MemorySize = record.MemorySize,
            EphemeralStorage = new EphemeralStorageResponse(record.EphemeralStorage),
            LastModified = AwsFormat.Timestamp(record.LastModified),
            CodeSha256 = record.Code.CodeSha256,
            Version = record.Version,
            Environment = record.Environment.IsEmpty ? null : new EnvironmentResponse(record.Environment),
            RevisionId = record.RevisionId,
            Layers = record.Layers.IsEmpty ? null : [.. record.Layers.Select(l => new LayerResponse(l.Arn, l.Package.CodeSize))],
            Architectures = [record.Architecture],
            LoggingConfig = record.Logging ?? LoggingConfigRecord.Default(record.FunctionName),
            State = FunctionStates.State(record, now),
            StateReason = pending ? FunctionStates.BeingCreated : null,
            StateReasonCode = pending ? "Creating" : null,
            LastUpdateStatus = FunctionStates.LastUpdateStatus(record, now),
            LastUpdateStatusReason = inProgress ? FunctionStates.BeingCreated : null,
            LastUpdateStatusReasonCode = inProgress ? "Creating" : null,
        };
    }

    /// <summary>The ARN a qualified request answers: the function's, with ":qualifier" when one was named.</summary>
    public static string Arn(string functionArn, string? qualifier) => qualifier is null ? functionArn : $"{functionArn}:{qualifier}";
}
