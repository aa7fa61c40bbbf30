using System.Collections.Immutable;

namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>Everything the control plane knows, immutable: a change makes a new snapshot.</summary>
public sealed record ControlPlaneSnapshot
{
    public static ControlPlaneSnapshot Empty { get; } = new();

    /// <summary>2: functions and layers are kept per region, keyed "region/name" (1: by name alone, read as its record's region).</summary>
    public int Format { get; init; } = CurrentFormat;

    public const int CurrentFormat = 2;

    /// <summary>The key of a function or layer: one per name and region, as AWS keeps regions apart.</summary>
    public static string Key(string region, string name) => $"{region}/{name}";
    public ImmutableSortedDictionary<string, FunctionRecord> Functions { get; init; } = ImmutableSortedDictionary.Create<string, FunctionRecord>(StringComparer.Ordinal);
    public ImmutableSortedDictionary<string, LayerRecord> Layers { get; init; } = ImmutableSortedDictionary.Create<string, LayerRecord>(StringComparer.Ordinal);

    /// <summary>Every blob something still needs: function code, the layers functions use, live layer versions.</summary>
    public IReadOnlySet<string> LiveBlobs()
        => Functions.Values.SelectMany(f => f.Versions.Values.Prepend(f))
            .SelectMany(f => f.Layers.Select(l => l.Package.BlobId).Append(f.Code.BlobId))
            .Concat(Layers.Values.SelectMany(l => l.Versions.Values.Select(v => v.Package.BlobId)))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every revision of functions named <paramref name="name"/>, in any region, $LATEST and versions: their folders stay.</summary>
    public IReadOnlySet<string> RevisionsNamed(string name)
        => Functions.Values.Where(f => f.FunctionName == name).SelectMany(f => f.Versions.Values.Prepend(f))
            .Select(f => f.RevisionId).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A format-1 state (keyed by name) keyed by region and name; a function's one event invoke config of an older
    /// state kept as its $LATEST's.
    /// </summary>
    public ControlPlaneSnapshot Upgraded()
    {
        var keyed = Format >= CurrentFormat ? this : this with
        {
            Format = CurrentFormat,
            Functions = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, Functions.Values.Select(f => KeyValuePair.Create(Key(f.Region, f.FunctionName), f))),
            Layers = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, Layers.Values.Select(l => KeyValuePair.Create(Key(l.Region, l.LayerName), l))),
        };
        return keyed.Functions.Values.All(f => f.EventInvokeConfig is null) ? keyed : keyed with
        {
            Functions = keyed.Functions.SetItems(keyed.Functions.Where(f => f.Value.EventInvokeConfig is not null).Select(f => KeyValuePair.Create(f.Key, f.Value with
            {
                EventInvokeConfigs = f.Value.EventInvokeConfigs.ContainsKey(FunctionRecord.LatestVersion)
                    ? f.Value.EventInvokeConfigs
                    : f.Value.EventInvokeConfigs.SetItem(FunctionRecord.LatestVersion, f.Value.EventInvokeConfig!),
                EventInvokeConfig = null,
            }))),
        };
    }
}
