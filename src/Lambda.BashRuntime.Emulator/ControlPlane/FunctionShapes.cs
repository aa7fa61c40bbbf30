namespace Lambda.BashRuntime.Emulator.ControlPlane;

// Request and response bodies of the function operations, named and typed as in the Lambda service model
// (botocore's lambda/2015-03-31/service-2.json). Members the emulator does not support are not declared: the JSON
// reader ignores them.

public sealed record EnvironmentResponse(IReadOnlyDictionary<string, string> Variables);

public sealed record TracingConfigResponse(string Mode);

public sealed record LayerResponse(string Arn, long CodeSize);

public sealed record EphemeralStorageResponse(int Size);

public sealed record SnapStartResponse(string ApplyOn, string OptimizationStatus);

public sealed record FunctionConfiguration
{
    public required string FunctionName { get; init; }
    public required string FunctionArn { get; init; }
    public required string Runtime { get; init; }
    public required string Role { get; init; }
    public string? Handler { get; init; }
    public required long CodeSize { get; init; }
    public required string Description { get; init; }
    public required int Timeout { get; init; }
    public required int MemorySize { get; init; }
    public required string LastModified { get; init; }
    public required string CodeSha256 { get; init; }
    public string Version { get; init; } = "$LATEST";
    public EnvironmentResponse? Environment { get; init; }
    public TracingConfigResponse TracingConfig { get; init; } = new("PassThrough");
    public required string RevisionId { get; init; }
    public IReadOnlyList<LayerResponse>? Layers { get; init; }
    public string State { get; init; } = "Active";
    public string? StateReason { get; init; }
    public string? StateReasonCode { get; init; }
    public string LastUpdateStatus { get; init; } = "Successful";
    public string? LastUpdateStatusReason { get; init; }
    public string? LastUpdateStatusReasonCode { get; init; }
    public string PackageType { get; init; } = "Zip";
    public required IReadOnlyList<string> Architectures { get; init; }
    public EphemeralStorageResponse EphemeralStorage { get; init; } = new(LambdaRules.DefaultEphemeralStorage);
    public SnapStartResponse SnapStart { get; init; } = new("None", "Off");
    public Storage.LoggingConfigRecord? LoggingConfig { get; init; }
}

public sealed record FunctionCodeLocation(string RepositoryType, string Location);

public sealed record Concurrency(int ReservedConcurrentExecutions);

public sealed record GetFunctionResponse(
    FunctionConfiguration Configuration, FunctionCodeLocation Code, IReadOnlyDictionary<string, string>? Tags, Concurrency? Concurrency);

public sealed record ListFunctionsResponse(IReadOnlyList<FunctionConfiguration> Functions, string? NextMarker);

public sealed record ListVersionsByFunctionResponse(IReadOnlyList<FunctionConfiguration> Versions, string? NextMarker);

public sealed record AliasRoutingConfigurationResponse(IReadOnlyDictionary<string, double> AdditionalVersionWeights);

public sealed record AliasConfiguration
{
    public required string AliasArn { get; init; }
    public required string Name { get; init; }
    public required string FunctionVersion { get; init; }
    public required string Description { get; init; }
    public AliasRoutingConfigurationResponse? RoutingConfig { get; init; }
    public required string RevisionId { get; init; }
}

public sealed record ListAliasesResponse(IReadOnlyList<AliasConfiguration> Aliases, string? NextMarker);

public sealed record ListTagsResponse(IReadOnlyDictionary<string, string> Tags);

public sealed record GetFunctionConcurrencyResponse(int? ReservedConcurrentExecutions);

public sealed record AccountLimit(long TotalCodeSize, long CodeSizeUnzipped, long CodeSizeZipped, int ConcurrentExecutions, int UnreservedConcurrentExecutions);

public sealed record AccountUsage(long TotalCodeSize, long FunctionCount);

public sealed record GetAccountSettingsResponse(AccountLimit AccountLimit, AccountUsage AccountUsage);
