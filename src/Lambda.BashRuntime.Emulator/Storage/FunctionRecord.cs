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
    /// <summary>
    /// PutFunctionEventInvokeConfig's settings by qualifier ("$LATEST", a version number or an alias), only on
    /// $LATEST's record; a qualifier without one has Lambda's defaults. Not part of the revision.
    /// </summary>
    public ImmutableSortedDictionary<string, EventInvokeConfigRecord> EventInvokeConfigs { get; init; }
        = ImmutableSortedDictionary.Create<string, EventInvokeConfigRecord>(StringComparer.Ordinal);

    /// <summary>A state written before configs were kept per qualifier: its one config, read as $LATEST's (see <see cref="ControlPlaneSnapshot.Upgraded"/>).</summary>
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
    /// <summary>The function's URLs by qualifier ("" for the unqualified function, "$LATEST", or an alias).</summary>
    public ImmutableSortedDictionary<string, FunctionUrlRecord> Urls { get; init; } = ImmutableSortedDictionary.Create<string, FunctionUrlRecord>(StringComparer.Ordinal);

    /// <summary>"$LATEST" for the function itself, or the number of a published (immutable) version.</summary>
    public string Version { get; init; } = LatestVersion;

    /// <summary>The published versions by number, each a copy of $LATEST as it was (only on $LATEST's record).</summary>
    public ImmutableSortedDictionary<long, FunctionRecord> Versions { get; init; } = ImmutableSortedDictionary<long, FunctionRecord>.Empty;

    /// <summary>The last version number handed out: numbers are never reused, even after a version is deleted.</summary>
    public long LastVersionNumber { get; init; }

    /// <summary>The RevisionId $LATEST had when the newest version was published: unchanged, PublishVersion returns that version.</summary>
    public string? PublishedRevisionId { get; init; }

    public ImmutableSortedDictionary<string, AliasRecord> Aliases { get; init; } = ImmutableSortedDictionary.Create<string, AliasRecord>(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, string> Tags { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>PutFunctionConcurrency's ReservedConcurrentExecutions (for all versions and aliases); null: unreserved.</summary>
    public int? ReservedConcurrency { get; init; }

    /// <summary>After CreateFunction: State is Pending (StateReasonCode Creating) until then.</summary>
    public DateTimeOffset? PendingUntil { get; init; }

    /// <summary>After an update: LastUpdateStatus is InProgress until then.</summary>
    public DateTimeOffset? UpdatingUntil { get; init; }

    public const string LatestVersion = "$LATEST";

    [JsonIgnore]
    public string Key => ControlPlaneSnapshot.Key(Region, FunctionName);

    public bool IsPending(DateTimeOffset now) => PendingUntil is { } until && now < until;

    public bool IsUpdating(DateTimeOffset now) => UpdatingUntil is { } until && now < until;

    [JsonIgnore]
    public long UnpackedSize => Code.UnpackedSize + Layers.Sum(l => l.Package.UnpackedSize);
}

/// <summary>
/// An alias: a name that points at a version (or $LATEST), and optionally sends a share of the invokes to a second
/// version (RoutingConfig.AdditionalVersionWeights). It keeps its own resource policy and may have its own URL.
/// </summary>
public sealed record AliasRecord
{
    public required string Name { get; init; }
    public required string FunctionVersion { get; init; }
    public string Description { get; init; } = "";
    public ImmutableSortedDictionary<string, double> AdditionalVersionWeights { get; init; } = ImmutableSortedDictionary.Create<string, double>(StringComparer.Ordinal);
    public required string RevisionId { get; init; }
    public ImmutableArray<FunctionPermission> Permissions { get; init; } = [];
    public string? PolicyRevisionId { get; init; }
}

/// <summary>A layer version a function uses, with what is needed to unpack it even after the version is deleted.</summary>
public sealed record LayerReference(string Arn, PackageInfo Package);
