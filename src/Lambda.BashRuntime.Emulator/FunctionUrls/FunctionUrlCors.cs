using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.FunctionUrls;

/// <summary>
/// CORS of a function URL, only from its Cors configuration (never a default): with Cors set, the URL answers
/// preflights itself (the function never sees them), adds the allow headers to every answer to an allowed origin, and
/// drops the function's own Access-Control-* headers, as the URL's configuration governs CORS. Without Cors, nothing is
/// added: an OPTIONS request reaches the function like any other, and browsers refuse cross-origin answers.
/// </summary>
public static class FunctionUrlCors
{
    public static bool IsPreflight(HttpRequest request)
        => HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Origin")
            && request.Headers.ContainsKey("Access-Control-Request-Method");

    /// <summary>200 with the allow headers when origin and method are allowed; 200 without them otherwise (the browser refuses).</summary>
    public static void AnswerPreflight(HttpContext context, Cors cors)
    {
        var request = context.Request;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = 0;
        var method = request.Headers.AccessControlRequestMethod.ToString();
        var methods = cors.AllowMethods ?? [];
        if (AllowOrigin(cors, request.Headers.Origin.ToString()) is not { } origin
            || !methods.Any(m => m == "*" || string.Equals(m, method, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        WriteOrigin(response, cors, origin);
        response.Headers.AccessControlAllowMethods = string.Join(',', methods);
        if (cors.AllowHeaders is { Count: > 0 } allowHeaders)
        {
            response.Headers.AccessControlAllowHeaders = string.Join(',', allowHeaders);
        }
        if (cors.MaxAge is { } maxAge)
        {
            response.Headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Replaces the function's Access-Control-* headers with the configuration's, for an allowed origin.</summary>
    public static void ApplyToAnswer(HttpContext context, Cors cors)
    {
        var response = context.Response;
        foreach (var name in response.Headers.Keys.Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            response.Headers.Remove(name);
        }
        if (AllowOrigin(cors, context.Request.Headers.Origin.ToString()) is not { } origin)
        {
            return;
        }
        WriteOrigin(response, cors, origin);
        if (cors.ExposeHeaders is { Count: > 0 } expose)
        {
            response.Headers.AccessControlExposeHeaders = string.Join(',', expose);
        }
    }

    /// <summary>The Access-Control-Allow-Origin value for <paramref name="origin"/>, or null when it is not allowed.</summary>
    private static string? AllowOrigin(Cors cors, string origin)
    {
        if (origin.Length == 0 || cors.AllowOrigins is not { Count: > 0 } origins)
        {
            return null;
        }
        if (origins.Contains("*"))
        {
            return cors.AllowCredentials == true ? origin : "*"; // browsers refuse "*" with credentials
        }
        return origins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)) ? origin : null;
    }

    private static void WriteOrigin(HttpResponse response, Cors cors, string origin)
    {
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.Vary = "Origin";
        if (cors.AllowCredentials == true)
        {
            response.Headers.AccessControlAllowCredentials = "true";
        }
    }
}
