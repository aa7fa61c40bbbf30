using System.Collections.Immutable;
using Lambda.BashRuntime.Emulator.Packages;

namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>A layer: its name, the region it lives in, the last version number handed out, and its live versions.</summary>
public sealed record LayerRecord
{
    public required string LayerName { get; init; }
    public required string Region { get; init; }
    /// <summary>Version numbers are never reused, even after every version was deleted.</summary>
    public long LatestVersion { get; init; }
    public ImmutableSortedDictionary<long, LayerVersionRecord> Versions { get; init; } = ImmutableSortedDictionary<long, LayerVersionRecord>.Empty;
}

public sealed record LayerVersionRecord
{
    public required long Version { get; init; }
    public string Description { get; init; } = "";
    public required DateTimeOffset CreatedDate { get; init; }
    public ImmutableArray<string> CompatibleRuntimes { get; init; } = [];
    public ImmutableArray<string> CompatibleArchitectures { get; init; } = [];
    public string? LicenseInfo { get; init; }
    public required PackageInfo Package { get; init; }
    /// <summary>The statements of the version's resource policy, in the order they were added.</summary>
    public ImmutableArray<LayerPermission> Permissions { get; init; } = [];
    /// <summary>Changes whenever the policy changes; clients may pass it back to guard against concurrent edits.</summary>
    public required string PolicyRevisionId { get; init; }
}

/// <summary>One statement of a layer version's policy, as AddLayerVersionPermission received it.</summary>
public sealed record LayerPermission(string StatementId, string Action, string Principal, string? OrganizationId);
