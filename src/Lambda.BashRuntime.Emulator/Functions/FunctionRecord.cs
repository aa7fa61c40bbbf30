using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Lambda.BashRuntime.Emulator.Packages;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>A function's configuration as the control plane stores it (and persists it with --state-dir).</summary>
public sealed record FunctionRecord
{
    public required string FunctionName { get; init; }
    /// <summary>The region of the request that created it: part of its ARN.</summary>
    public required string Region { get; init; }
    public required string Runtime { get; init; }
    public required string Role { get; init; }
    public string? Handler { get; init; }
    public string Description { get; init; } = "";
    public int Timeout { get; init; } = 3;
    public int MemorySize { get; init; } = 128;
    /// <summary>Size of /tmp in MB (EphemeralStorage.Size).</summary>
    public int EphemeralStorage { get; init; } = 512;
    public string Architecture { get; init; } = "x86_64";
    public ImmutableSortedDictionary<string, string> Environment { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    /// <summary>In order: later layers overwrite earlier ones in /opt. A deleted layer version stays usable here.</summary>
    public ImmutableArray<LayerReference> Layers { get; init; } = [];
    public required PackageInfo Code { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public required string RevisionId { get; init; }

    [JsonIgnore]
    public long UnpackedSize => Code.UnpackedSize + Layers.Sum(l => l.Package.UnpackedSize);
}

/// <summary>A layer version a function uses, with what is needed to unpack it even after the version is deleted.</summary>
public sealed record LayerReference(string Arn, PackageInfo Package);
