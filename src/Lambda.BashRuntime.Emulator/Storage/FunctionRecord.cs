using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Lambda.BashRuntime.Emulator.Packages;

namespace Lambda.BashRuntime.Emulator.Storage;

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
    public int Timeout { get; init; } = LambdaRules.DefaultTimeout;
    public int MemorySize { get; init; } = LambdaRules.DefaultMemorySize;
    /// <summary>Size of /tmp in MB (EphemeralStorage.Size).</summary>
    public int EphemeralStorage { get; init; } = LambdaRules.DefaultEphemeralStorage;
    public string Architecture { get; init; } = LambdaRules.DefaultArchitecture;
    public ImmutableSortedDictionary<string, string> Environment { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    /// <summary>LoggingConfig as set; null: never set (Text, /aws/lambda/NAME).</summary>
    public LoggingConfigRecord? Logging { get; init; }
    /// <summary>PutFunctionEventInvokeConfig's settings; null: none (Lambda's defaults). Not part of the revision.</summary>
    public EventInvokeConfigRecord? EventInvokeConfig { get; init; }
    /// <summary>In order: later layers overwrite earlier ones in /opt. A deleted layer version stays usable here.</summary>
    public ImmutableArray<LayerReference> Layers { get; init; } = [];
    public required PackageInfo Code { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public required string RevisionId { get; init; }
    /// <summary>
    /// The statements of the function's resource policy (AddPermission), in the order they were added. A change to
    /// them changes <see cref="PolicyRevisionId"/>, not <see cref="RevisionId"/>: warm environments stay.
    /// </summary>
    public ImmutableArray<FunctionPermission> Permissions { get; init; } = [];
    public string? PolicyRevisionId { get; init; }
    /// <summary>The function's URLs by qualifier ("" for the unqualified function, "$LATEST").</summary>
    public ImmutableSortedDictionary<string, FunctionUrlRecord> Urls { get; init; } = ImmutableSortedDictionary.Create<string, FunctionUrlRecord>(StringComparer.Ordinal);

    [JsonIgnore]
    public long UnpackedSize => Code.UnpackedSize + Layers.Sum(l => l.Package.UnpackedSize);
}

/// <summary>A layer version a function uses, with what is needed to unpack it even after the version is deleted.</summary>
public sealed record LayerReference(string Arn, PackageInfo Package);
