namespace Lambda.BashRuntime.Emulator.Layers;

// What PublishLayerVersion and AddLayerVersionPermission take (the Lambda API model's input shapes).

public sealed record LayerContentInput(byte[]? ZipFile, string? S3Bucket, string? S3Key, string? S3ObjectVersion);

public sealed record PublishLayerVersionRequest
{
    public string? Description { get; init; }
    public LayerContentInput? Content { get; init; }
    public List<string>? CompatibleRuntimes { get; init; }
    public string? LicenseInfo { get; init; }
    public List<string>? CompatibleArchitectures { get; init; }
}

public sealed record AddLayerVersionPermissionRequest
{
    public string? StatementId { get; init; }
    public string? Action { get; init; }
    public string? Principal { get; init; }
    public string? OrganizationId { get; init; }
}
