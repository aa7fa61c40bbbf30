using System.Collections.Immutable;

namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>Everything the control plane knows, immutable: a change makes a new snapshot.</summary>
public sealed record ControlPlaneSnapshot
{
    public static ControlPlaneSnapshot Empty { get; } = new();

    public int Format { get; init; } = 1;
    public ImmutableSortedDictionary<string, FunctionRecord> Functions { get; init; } = ImmutableSortedDictionary.Create<string, FunctionRecord>(StringComparer.Ordinal);
    public ImmutableSortedDictionary<string, LayerRecord> Layers { get; init; } = ImmutableSortedDictionary.Create<string, LayerRecord>(StringComparer.Ordinal);

    /// <summary>Every blob something still needs: function code, the layers functions use, live layer versions.</summary>
    public IReadOnlySet<string> LiveBlobs()
        => Functions.Values.SelectMany(f => f.Layers.Select(l => l.Package.BlobId).Append(f.Code.BlobId))
            .Concat(Layers.Values.SelectMany(l => l.Versions.Values.Select(v => v.Package.BlobId)))
            .ToHashSet(StringComparer.Ordinal);
}
