namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// Everything the invoke side needs to run one function: where its code is unpacked, where its layers are merged
/// (the local equivalent of /opt), and its configuration. Immutable: a change to code or configuration makes a new
/// instance with a new <see cref="RevisionId"/>, so warm environments of an older revision are retired.
/// </summary>
public sealed record FunctionDefinition
{
    public required string FunctionName { get; init; }
    public required string FunctionArn { get; init; }
    /// <summary>The region the function was created in (its ARN's, and AWS_REGION in its environment).</summary>
    public required string Region { get; init; }
    /// <summary>"file.function": the bootstrap sources file.sh from the task root and calls function.</summary>
    public required string Handler { get; init; }
    public string Runtime { get; init; } = LambdaRules.DefaultRuntime;
    public string Architecture { get; init; } = LambdaRules.DefaultArchitecture;
    public int TimeoutSeconds { get; init; } = LambdaRules.DefaultTimeout;
    public int MemorySizeMb { get; init; } = LambdaRules.DefaultMemorySize;
    /// <summary>The unpacked function package: LAMBDA_TASK_ROOT.</summary>
    public required string CodeDirectory { get; init; }
    /// <summary>The layers unpacked in order into one folder: the local /opt. Null when the function has no layers.</summary>
    public string? OptDirectory { get; init; }
    /// <summary>The function's own environment variables (Environment.Variables).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>LoggingConfig; null: Text (the platform lines as text, AWS_LAMBDA_LOG_FORMAT unset).</summary>
    public Storage.LoggingConfigRecord? Logging { get; init; }
    public required string RevisionId { get; init; }
    public string Version { get; init; } = "$LATEST";

    /// <summary>
    /// Null when the code is unpacked already. Otherwise it unpacks the code and layers into <see cref="CodeDirectory"/>
    /// and <see cref="OptDirectory"/> the first time its value is asked for (once, thread-safe): a start on a state
    /// directory unpacks nothing until a function's first invoke.
    /// </summary>
    public Lazy<bool>? Unpacking { get; init; }

    /// <summary>
    /// The unpacked revision's folder and its users: an invoke and each environment of this revision hold it, so it is
    /// removed only when the revision is replaced and nobody runs it any more. Null for a folder the emulator does
    /// not own (a test's), which it never removes.
    /// </summary>
    public RevisionFolder? Folder { get; init; }
}
