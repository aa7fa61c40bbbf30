using System.Collections.Immutable;
using Lambda.BashRuntime.Emulator.Errors;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>Tags as Lambda checks them: at most 50, keys of 1 to 128 characters not starting with "aws:", values up to 256.</summary>
internal static class FunctionTags
{
    public const int MaxTags = 50;

    public static ImmutableSortedDictionary<string, string> Validate(Dictionary<string, string>? tags, ImmutableSortedDictionary<string, string>? onto = null)
    {
        var result = (onto ?? ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal)).SetItems(tags ?? []);
        foreach (var (key, value) in tags ?? [])
        {
            if (key.Length is < 1 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw AwsException.InvalidParameter($"The tag key '{key}' is not valid: use 1 to 128 characters, not starting with 'aws:'.");
            }
            if (value.Length > 256)
            {
                throw AwsException.InvalidParameter($"The value of tag '{key}' is longer than 256 characters.");
            }
        }
        if (result.Count > MaxTags)
        {
            throw AwsException.InvalidParameter($"A function has at most {MaxTags} tags: this request would give it {result.Count}. Remove some with untag-resource.");
        }
        return result;
    }
}
