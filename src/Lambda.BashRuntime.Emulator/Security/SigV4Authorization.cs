namespace Lambda.BashRuntime.Emulator.Security;

/// <summary>
/// The parts of an <c>Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261130/eu-west-1/lambda/aws4_request,
/// SignedHeaders=host;x-amz-date, Signature=...</c> header that the emulator uses. Any credentials are accepted and the
/// signature is not verified (this is a local emulator); the header is required because a web page cannot send it
/// without a CORS preflight, which the emulator never allows.
/// </summary>
public sealed record SigV4Authorization(string AccessKeyId, string Date, string Region, string Service)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The parsed header, or the reason it is not a complete SigV4 header in AWS's own words.</summary>
    public static (SigV4Authorization? Authorization, SigV4Problem? Problem) Parse(string? header, bool hasDate)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return (null, new SigV4Problem("MissingAuthenticationTokenException", "Missing Authentication Token"));
        }
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = header.StartsWith(Algorithm + " ", StringComparison.Ordinal) ? header[(Algorithm.Length + 1)..] : null;
        foreach (var part in (rest ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return (null, Incomplete($"'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'."));
            }
            parameters[part[..equals]] = part[(equals + 1)..];
        }
        var missing = new List<string>();
        foreach (var name in new[] { "Credential", "Signature", "SignedHeaders" })
        {
            if (!parameters.TryGetValue(name, out var value) || value.Length == 0)
            {
                missing.Add($"Authorization header requires '{name}' parameter.");
            }
        }
        if (!hasDate)
        {
            missing.Add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        if (rest is null || missing.Count > 0)
        {
            return (null, Incomplete(string.Join(" ", missing.DefaultIfEmpty($"Authorization header must use {Algorithm}.")) + $" Authorization={header}"));
        }
        var scope = parameters["Credential"].Split('/');
        if (scope.Length != 5 || scope.Any(s => s.Length == 0) || scope[4] != "aws4_request")
        {
            return (null, Incomplete($"Credential should be scoped to a valid region, not '{(scope.Length > 2 ? scope[2] : "")}'. "
                + "Expected Credential=ACCESS_KEY/DATE/REGION/lambda/aws4_request."));
        }
        if (scope[3] != "lambda")
        {
            return (null, new SigV4Problem("InvalidSignatureException", "Credential should be scoped to correct service: 'lambda'."));
        }
        return (new SigV4Authorization(scope[0], scope[1], scope[2], scope[3]), null);
    }

    private static SigV4Problem Incomplete(string message) => new("IncompleteSignatureException", message);
}

/// <summary>Why a request is not signed: the X-Amzn-ErrorType AWS answers (always with 403) and its message.</summary>
public sealed record SigV4Problem(string ErrorType, string Message);
