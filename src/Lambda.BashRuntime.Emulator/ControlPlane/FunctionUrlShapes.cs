namespace Lambda.BashRuntime.Emulator.ControlPlane;

// Request and response bodies of the function URL operations (2021-10-31) and of the function policy operations
// (AddPermission, GetPolicy), named and typed as in the Lambda service model. InvokeMode and InvokedViaFunctionUrl
// are newer than the model of the AWS CLI 2.9 that Debian ships; they are spelled as in the current API reference.

/// <summary>A function URL's CORS settings; also stored as they are (see FunctionUrlRecord).</summary>
public sealed record Cors
{
    public bool? AllowCredentials { get; init; }
    public List<string>? AllowHeaders { get; init; }
    public List<string>? AllowMethods { get; init; }
    public List<string>? AllowOrigins { get; init; }
    public List<string>? ExposeHeaders { get; init; }
    public int? MaxAge { get; init; }
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

/// <summary>CreateFunctionUrlConfig's answer: no LastModifiedTime.</summary>
public sealed record CreateFunctionUrlConfigResponse
{
    public required string FunctionUrl { get; init; }
    public required string FunctionArn { get; init; }
    public required string AuthType { get; init; }
    public Cors? Cors { get; init; }
    public required string CreationTime { get; init; }
    public required string InvokeMode { get; init; }
}

/// <summary>The answer of GetFunctionUrlConfig and UpdateFunctionUrlConfig, and one item of ListFunctionUrlConfigs.</summary>
public sealed record FunctionUrlConfig
{
    public required string FunctionUrl { get; init; }
    public required string FunctionArn { get; init; }
    public required string AuthType { get; init; }
    public Cors? Cors { get; init; }
    public required string CreationTime { get; init; }
    public required string LastModifiedTime { get; init; }
    public required string InvokeMode { get; init; }
}

public sealed record ListFunctionUrlConfigsResponse(IReadOnlyList<FunctionUrlConfig> FunctionUrlConfigs, string? NextMarker);

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

public sealed record AddPermissionResponse(string Statement);

public sealed record GetPolicyResponse(string Policy, string RevisionId);
