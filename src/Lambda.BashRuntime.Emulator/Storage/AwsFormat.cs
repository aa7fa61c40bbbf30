using System.Globalization;

namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>How Lambda writes ARNs and timestamps.</summary>
internal static class AwsFormat
{
    /// <summary>"2018-11-28T07:49:14.476+0000", as in LastModified and CreatedDate.</summary>
    public static string Timestamp(DateTimeOffset time)
        => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    /// <summary>"2021-10-31T18:00:00.000Z": function URL configs write ISO 8601 with a Z (CreationTime, LastModifiedTime).</summary>
    public static string UrlTimestamp(DateTimeOffset time)
        => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string FunctionArn(string region, string accountId, string name)
        => $"arn:aws:lambda:{region}:{accountId}:function:{name}";

    public static string LayerArn(string region, string accountId, string name)
        => $"arn:aws:lambda:{region}:{accountId}:layer:{name}";

    public static string LayerVersionArn(string region, string accountId, string name, long version)
        => $"{LayerArn(region, accountId, name)}:{version}";
}
