using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// Function states as Lambda goes through them (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html):
/// Pending after CreateFunction, then Active; LastUpdateStatus InProgress after an update, then Successful. The
/// emulator holds each for --state-transition-delay. While Pending, Invoke, UpdateFunctionCode,
/// UpdateFunctionConfiguration and PublishVersion fail; while InProgress, the next update and PublishVersion do.
/// </summary>
public static class FunctionStates
{
    /// <summary>Lambda's words for both (StateReason, LastUpdateStatusReason): "Creating" even for an update.</summary>
    public const string BeingCreated = "The function is being created.";

    public static string State(FunctionRecord function, DateTimeOffset now) => function.IsPending(now) ? "Pending" : "Active";

    public static string LastUpdateStatus(FunctionRecord function, DateTimeOffset now)
        => function.IsPending(now) || function.IsUpdating(now) ? "InProgress" : "Successful";

    /// <summary>The function is Pending: Lambda refuses invokes and changes with this (409 ResourceConflictException).</summary>
    public static AwsException Pending() => AwsException.ResourceConflict(
        "The operation cannot be performed at this time. The function is currently in the following state: Pending");

    /// <summary>Throws what Lambda answers an update or PublishVersion made before the last change settled.</summary>
    public static void EnsureChangeable(FunctionRecord function, string functionArn)
    {
        var now = DateTimeOffset.UtcNow;
        if (function.IsPending(now))
        {
            throw Pending();
        }
        if (function.IsUpdating(now))
        {
            throw AwsException.ResourceConflict(
                $"The operation cannot be performed at this time. An update is in progress for resource: {functionArn}");
        }
    }
}
