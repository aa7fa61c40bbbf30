using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

// What CreateFunction, UpdateFunctionCode/Configuration, the function URL calls and AddPermission take: the Lambda API
// model's input shapes, read from JSON by the control plane (ControlPlaneJsonContext) and handed to the services here.

public sealed record FunctionCodeInput(byte[]? ZipFile, string? S3Bucket, string? S3Key, string? S3ObjectVersion, string? ImageUri);

public sealed record EphemeralStorageInput(int? Size);

public sealed record EnvironmentInput(Dictionary<string, string>? Variables);

public sealed record LoggingConfigInput(string? LogFormat, string? ApplicationLogLevel, string? SystemLogLevel, string? LogGroup);

public sealed record CreateFunctionRequest
{
    public string? FunctionName { get; init; }
    public string? Runtime { get; init; }
    public string? Role { get; init; }
    public string? Handler { get; init; }
    public FunctionCodeInput? Code { get; init; }
    public string? Description { get; init; }
    public int? Timeout { get; init; }
    public int? MemorySize { get; init; }
    public EphemeralStorageInput? EphemeralStorage { get; init; }
    public bool? Publish { get; init; }
    public string? PackageType { get; init; }
    public EnvironmentInput? Environment { get; init; }
    public List<string>? Layers { get; init; }
    public List<string>? Architectures { get; init; }
    public LoggingConfigInput? LoggingConfig { get; init; }

    public Dictionary<string, string>? Tags { get; init; }
}

public sealed record UpdateFunctionConfigurationRequest
{
    public string? Role { get; init; }
    public string? Handler { get; init; }
    public string? Description { get; init; }
    public int? Timeout { get; init; }
    public int? MemorySize { get; init; }
    public EphemeralStorageInput? EphemeralStorage { get; init; }
    public EnvironmentInput? Environment { get; init; }
    public string? Runtime { get; init; }
    public string? RevisionId { get; init; }
    public List<string>? Layers { get; init; }
    public LoggingConfigInput? LoggingConfig { get; init; }
}

public sealed record UpdateFunctionCodeRequest
{
    public byte[]? ZipFile { get; init; }
    public string? S3Bucket { get; init; }
    public string? S3Key { get; init; }
    public string? S3ObjectVersion { get; init; }
    public string? ImageUri { get; init; }
    public bool? Publish { get; init; }
    public bool? DryRun { get; init; }
    public string? RevisionId { get; init; }
    public List<string>? Architectures { get; init; }
}

public sealed record CreateFunctionUrlConfigRequest
{
    public string? AuthType { get; init; }
    public Cors? Cors { get; init; }
    public string? InvokeMode { get; init; }
}

public sealed record UpdateFunctionUrlConfigRequest
{
    public string? AuthType { get; init; }
    public Cors? Cors { get; init; }
    public string? InvokeMode { get; init; }
}

public sealed record AddPermissionRequest
{
    public string? StatementId { get; init; }
    public string? Action { get; init; }
    public string? Principal { get; init; }
    public string? SourceArn { get; init; }
    public string? SourceAccount { get; init; }
    public string? EventSourceToken { get; init; }
    public string? RevisionId { get; init; }
    public string? PrincipalOrgID { get; init; }
    public string? FunctionUrlAuthType { get; init; }
    public bool? InvokedViaFunctionUrl { get; init; }
}

public sealed record PublishVersionRequest
{
    public string? CodeSha256 { get; init; }
    public string? Description { get; init; }
    public string? RevisionId { get; init; }
}

public sealed record AliasRoutingConfiguration(Dictionary<string, double>? AdditionalVersionWeights);

public sealed record CreateAliasRequest
{
    public string? Name { get; init; }
    public string? FunctionVersion { get; init; }
    public string? Description { get; init; }
    public AliasRoutingConfiguration? RoutingConfig { get; init; }
}

public sealed record UpdateAliasRequest
{
    public string? FunctionVersion { get; init; }
    public string? Description { get; init; }
    public AliasRoutingConfiguration? RoutingConfig { get; init; }
    public string? RevisionId { get; init; }
}

public sealed record TagResourceRequest(Dictionary<string, string>? Tags);

public sealed record PutFunctionConcurrencyRequest(int? ReservedConcurrentExecutions);
