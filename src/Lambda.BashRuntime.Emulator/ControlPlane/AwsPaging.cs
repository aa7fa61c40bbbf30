using System.Globalization;
using Lambda.BashRuntime.Emulator.Errors;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>Marker/MaxItems paging of list operations: the marker is the position of the next item.</summary>
internal static class AwsPaging
{
    public static (IReadOnlyList<T> Page, string? NextMarker) Page<T>(IReadOnlyList<T> items, string? marker, string? maxItems, int defaultMax = 50)
    {
        var start = 0;
        if (marker is not null && (!int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > items.Count))
        {
            throw AwsException.InvalidParameter($"Marker '{marker}' is not valid: pass the NextMarker of the previous page.");
        }
        var max = defaultMax;
        if (maxItems is not null && (!int.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > 10_000))
        {
            throw AwsException.InvalidParameter($"MaxItems '{maxItems}' is not valid: use 1 to 10000.");
        }
        var page = items.Skip(start).Take(max).ToList();
        var next = start + page.Count;
        return (page, next < items.Count ? next.ToString(CultureInfo.InvariantCulture) : null);
    }
}
