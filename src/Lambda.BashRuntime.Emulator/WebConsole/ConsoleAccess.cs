using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Security;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// Who may use the web console, checked by <see cref="RequestGuard"/> before routing (after the Host check against DNS
/// rebinding). Like Jupyter: the URL printed at start carries a secret token; the page trades it for a cookie that is
/// HttpOnly (no script reads it) and SameSite=Strict (a browser sends it only with requests that the console's own
/// pages make), and its API (fetch and Server-Sent Events alike) needs that cookie. A request that says it comes from
/// another origin is refused, and no CORS header is ever sent, so no other web page can drive the console.
/// </summary>
public sealed class ConsoleAccess(EmulatorOptions options)
{
    public const string ApiPrefix = Listeners.WebConsolePrefix + "/api";

    private readonly byte[] _cookieValue = options.WebConsole is { } console ? CookieValueOf(console.Token) : [];

    /// <summary>How every console cookie's name starts, whatever its port.</summary>
    public const string CookiePrefix = "lbr_console_";

    /// <summary>The cookie's name carries the port: cookies are per host, not per port, and two emulators may run.</summary>
    public static string CookieName(HttpContext context) => $"{CookiePrefix}{context.Connection.LocalPort}";

    /// <summary>
    /// Whether <paramref name="cookie"/> ("name=value", as in a Cookie or Set-Cookie header) is a console's cookie, of
    /// this emulator or another. Browsers send cookies by host, not port: a page of a function URL on 127.0.0.1 gets
    /// the console's cookie too, so function URLs never hand it to a function, nor let one set it.
    /// </summary>
    public static bool IsConsoleCookie(string cookie)
        => cookie.TrimStart().StartsWith(CookiePrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the request may go on, else why it is refused.</summary>
    public ConsoleRefusal? Refusal(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsSameOrigin(origin, request.Host.Value))
        {
            return new(403, "ForeignOrigin", $"Requests from {origin} are refused: only the console's own page may use it.");
        }
        if (!request.Path.StartsWithSegments(ApiPrefix, StringComparison.Ordinal))
        {
            return null; // the page and its scripts: the same for everyone, no data in them
        }
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return new(403, "ForeignOrigin", "Requests from other sites are refused: only the console's own page may use it.");
        }
        if (!HasValidCookie(context))
        {
            return new(401, "MissingConsoleToken",
                "The console's API needs its secret: open the URL with ?token=... that the emulator printed at start.");
        }
        if (!HttpMethods.IsGet(request.Method) && (origin.Length == 0 || request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true))
        {
            return new(403, "ForeignOrigin", "Changes need a JSON request with an Origin header, as the console's page sends them.");
        }
        return null;
    }

    /// <summary>Whether <paramref name="token"/> is the console's secret (compared in constant time).</summary>
    public bool IsToken(string? token)
        => options.WebConsole is { } console && token is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(console.Token));

    /// <summary>Sets the cookie that stands for the token from now on in this browser.</summary>
    public void SetCookie(HttpContext context)
        => context.Response.Cookies.Append(CookieName(context), Encoding.ASCII.GetString(_cookieValue), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = Listeners.WebConsolePrefix,
            IsEssential = true,
        });

    public static Task WriteRefusalAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new ConsoleRefusalBody(errorType, message), ConsoleJson.Default.ConsoleRefusalBody));
    }

    /// <summary>
    /// Exactly the page's own origin: scheme, host and port of the Host already checked against DNS rebinding. On
    /// 127.0.0.1 and localhost only http (the emulator serves no https), and the Host's port is the one the request
    /// arrived on (HostNames), so a function URL's origin (same host, another port) or an https look-alike is refused;
    /// https also for a forwarded name from --allowed-host, such as a Codespaces address, which reaches the emulator
    /// through an HTTPS forwarder.
    /// </summary>
    private static bool IsSameOrigin(string origin, string? host)
    {
        if (host is null)
        {
            return false;
        }
        var name = host.LastIndexOf(':') is var colon and > 0 ? host[..colon] : host;
        var loopback = name.Equals("127.0.0.1", StringComparison.Ordinal) || name.Equals("localhost", StringComparison.OrdinalIgnoreCase);
        return string.Equals(origin, "http://" + host, StringComparison.OrdinalIgnoreCase)
            || (!loopback && string.Equals(origin, "https://" + host, StringComparison.OrdinalIgnoreCase));
    }

    private bool HasValidCookie(HttpContext context)
        => _cookieValue.Length > 0 && context.Request.Cookies.TryGetValue(CookieName(context), out var cookie)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie ?? ""), _cookieValue);

    /// <summary>Derived from the token, never the token itself; the same after a restart with the same --console-token.</summary>
    private static byte[] CookieValueOf(string token)
        => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("lambda-bash-console:" + token))));
}

/// <summary>Why a console request is refused: HTTP status, a short error name and a sentence for the person.</summary>
public sealed record ConsoleRefusal(int Status, string ErrorType, string Message);
