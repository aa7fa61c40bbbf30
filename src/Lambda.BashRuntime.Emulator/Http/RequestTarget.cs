using Microsoft.AspNetCore.Http.Features;

namespace Lambda.BashRuntime.Emulator.Http;

/// <summary>
/// The request line's target as sent (RFC 9112 section 3.2): origin-form "/path?query", absolute-form
/// "http://host:port/path?query" (what a client talking to a proxy sends; a server must accept it and take the host from
/// it, ignoring Host), or asterisk-form "*" (OPTIONS of the whole server, no resource).
/// </summary>
public readonly record struct RequestTarget(string RawPath, string RawQuery, string? Authority, bool IsAsterisk)
{
    public static RequestTarget Of(HttpContext context)
        => Parse(context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/");

    public static RequestTarget Parse(string rawTarget)
    {
        if (rawTarget == "*")
        {
            return new("", "", null, true);
        }
        string? authority = null;
        var pathAndQuery = rawTarget;
        var scheme = rawTarget.IndexOf("://", StringComparison.Ordinal);
        if (!rawTarget.StartsWith('/') && scheme > 0)
        {
            var start = scheme + 3;
            var end = rawTarget.IndexOfAny(['/', '?', '#'], start);
            authority = end < 0 ? rawTarget[start..] : rawTarget[start..end];
            pathAndQuery = end < 0 ? "/" : rawTarget[end..];
            if (pathAndQuery.StartsWith('?'))
            {
                pathAndQuery = "/" + pathAndQuery; // "http://host?q": the path of an empty path is "/"
            }
        }
        var fragment = pathAndQuery.IndexOf('#');
        if (fragment >= 0)
        {
            pathAndQuery = pathAndQuery[..fragment];
        }
        var queryStart = pathAndQuery.IndexOf('?');
        return queryStart < 0
            ? new(pathAndQuery, "", authority, false)
            : new(pathAndQuery[..queryStart], pathAndQuery[(queryStart + 1)..], authority, false);
    }
}
