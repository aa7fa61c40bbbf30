namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>Settings of the control plane, given by the host to <c>AddControlPlane</c>.</summary>
public sealed class ControlPlaneOptions
{
    /// <summary>The account in every ARN the emulator hands out.</summary>
    public string AccountId { get; set; } = LambdaRules.DefaultAccountId;

    /// <summary>Where functions and layers are kept across restarts (--state-dir). Null: in memory only.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>
    /// Where function code and layers are unpacked (LAMBDA_TASK_ROOT and the local /opt of each function). Null: a
    /// new folder under the system's temporary directory. Its contents are rebuilt at start-up.
    /// </summary>
    public string? WorkDirectory { get; set; }

    /// <summary>
    /// How long a function created through the API stays Pending, and an update InProgress, before it is Active and
    /// Successful (--state-transition-delay): long enough that a deploy script that skips `aws lambda wait` fails
    /// here as it would on AWS. Zero: Active and Successful at once.
    /// </summary>
    public TimeSpan StateTransitionDelay { get; set; }
}
