namespace Lambda.BashRuntime.Emulator.ControlPlane;

// Request and response bodies of the layer operations, named and typed as in the Lambda service model.

public sealed record LayerContentOutput(string Location, string CodeSha256, long CodeSize);

/// <summary>The answer of PublishLayerVersion, GetLayerVersion and GetLayerVersionByArn (same members).</summary>
public sealed record LayerVersionResponse
{
    public required LayerContentOutput Content { get; init; }
    public required string LayerArn { get; init; }
    public required string LayerVersionArn { get; init; }
    public required string Description { get; init; }
    public required string CreatedDate { get; init; }
    public required long Version { get; init; }
    public IReadOnlyList<string>? CompatibleRuntimes { get; init; }
    public string? LicenseInfo { get; init; }
    public IReadOnlyList<string>? CompatibleArchitectures { get; init; }
}

public sealed record LayerVersionsListItem
{
    public required string LayerVersionArn { get; init; }
    public required long Version { get; init; }
    public required string Description { get; init; }
    public required string CreatedDate { get; init; }
    public IReadOnlyList<string>? CompatibleRuntimes { get; init; }
    public string? LicenseInfo { get; init; }
    public IReadOnlyList<string>? CompatibleArchitectures { get; init; }
}

public sealed record LayersListItem(string LayerName, string LayerArn, LayerVersionsListItem LatestMatchingVersion);

public sealed record ListLayersResponse(IReadOnlyList<LayersListItem> Layers, string? NextMarker);

public sealed record ListLayerVersionsResponse(IReadOnlyList<LayerVersionsListItem> LayerVersions, string? NextMarker);

public sealed record AddLayerVersionPermissionResponse(string Statement, string RevisionId);

public sealed record GetLayerVersionPolicyResponse(string Policy, string RevisionId);
