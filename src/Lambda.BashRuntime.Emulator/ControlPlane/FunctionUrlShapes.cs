using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

// Request and response bodies of the function URL operations (2021-10-31) and of the function policy operations
// (AddPermission, GetPolicy), named and typed as in the Lambda service model. InvokeMode and InvokedViaFunctionUrl
// are newer than the model of the AWS CLI 2.9 that Debian ships; they are spelled as in the current API reference.

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

public sealed record AddPermissionResponse(string Statement);

public sealed record GetPolicyResponse(string Policy, string RevisionId);
