using System.Globalization;

namespace Lambda.BashRuntime.Testing;

/// <summary>
/// Adds the headers the local emulator requires of every Invoke API and control-plane request: a SigV4
/// <c>Authorization</c> header (AWS4-HMAC-SHA256 with a credential scope naming the region and the lambda service) and
/// <c>X-Amz-Date</c>. The emulator reads the region from the scope and does not verify the signature, so the signature
/// here is a placeholder; what matters is that a web page cannot send this header without a CORS preflight, which the
/// emulator never allows. Use it for your own HttpClient calls to the emulator: <c>new HttpClient(new
/// LocalAwsAuthorization("us-east-1") { InnerHandler = new HttpClientHandler() })</c>. Not for real AWS.
/// </summary>
public sealed class LocalAwsAuthorization(string region = "us-east-1") : DelegatingHandler
{
    /// <summary>The region named in the credential scope (ARNs and AWS_REGION of what the request creates).</summary>
    public string Region { get; } = region;

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Apply(request, Region);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Adds the two headers to <paramref name="request"/> unless it has an Authorization header already.</summary>
    public static void Apply(HttpRequestMessage request, string region = "us-east-1")
    {
        if (request.Headers.Contains("Authorization"))
        {
            return;
        }
        var now = DateTime.UtcNow;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=LOCAL/{now:yyyyMMdd}/{region}/lambda/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + new string('0', 64));
    }
}
