
namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>
/// A function URL as the control plane stores it. Its loopback port is chosen once, at creation, and kept with the
/// config, so that the URL stays the same across restarts with --state-dir (as a function URL never changes on AWS).
/// </summary>
public sealed record FunctionUrlRecord
{
    /// <summary>"" for the unqualified function, else the qualifier ("$LATEST").</summary>
    /// <summary>InvokeMode's default: the whole response at once.</summary>
    public const string Buffered = "BUFFERED";

    public required string Qualifier { get; init; }
    /// <summary>32 lower-case letters and digits, as in https://URLID.lambda-url.REGION.on.aws: apiId and domainPrefix of events.</summary>
    public required string UrlId { get; init; }
    public required int Port { get; init; }
    /// <summary>NONE or AWS_IAM.</summary>
    public required string AuthType { get; init; }
    public Cors? Cors { get; init; }
    /// <summary>BUFFERED or RESPONSE_STREAM (a streamed answer sent chunked as it comes, FunctionUrls/StreamingUrlResponse).</summary>
    public string InvokeMode { get; init; } = FunctionUrlRecord.Buffered;
    public required DateTimeOffset CreationTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }

    /// <summary>What the emulator prints and answers as FunctionUrl: loopback, with the URL's own port.</summary>
    public string Url => $"http://127.0.0.1:{Port}/";
}

/// <summary>One statement of a function's resource policy, as AddPermission received it.</summary>
public sealed record FunctionPermission
{
    public required string StatementId { get; init; }
    public required string Action { get; init; }
    public required string Principal { get; init; }
    public string? SourceArn { get; init; }
    public string? SourceAccount { get; init; }
    public string? PrincipalOrgID { get; init; }
    public string? FunctionUrlAuthType { get; init; }
    public bool? InvokedViaFunctionUrl { get; init; }
}
