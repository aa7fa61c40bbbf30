using System.Text;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// The request the console's function URL tester is asked to send, checked before anything is sent: an HTTP method
/// (capital letters, as every registered method is written), a path that starts with / and a query string, each in the
/// characters a request target may hold (anything else percent-encoded, as curl needs it too), header lines of
/// "Name: value", and a body of at most Lambda's 6 MB. Headers that belong to the connection, not to the request
/// (Host, Content-Length, Transfer-Encoding, Connection...), are the console's to set.
/// </summary>
internal static class UrlTestInput
{
    /// <summary>Lambda's limit on a synchronous request payload, as the URL's handler applies it.</summary>
    public const int MaxBodyBytes = FunctionUrls.FunctionUrlHandler.MaxRequestBytes;

    private static readonly HashSet<string> ConnectionHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Proxy-Connection", "Upgrade", "TE",
        "Trailer", "Expect",
    };

    /// <summary>What is sent: the method, the target (path and query) and the headers, in order.</summary>
    public sealed record Checked(string Method, string PathAndQuery, List<(string Name, string Value)> Headers, byte[] Body);

    public static (Checked? Request, UrlTestProblem? Problem) Check(ConsoleUrlTestRequest request)
    {
        var method = (request.Method ?? "").Trim();
        if (MethodProblem(method) is { } badMethod)
        {
            return (null, badMethod);
        }
        var path = (request.Path ?? "").Trim();
        path = path.Length == 0 ? "/" : path;
        if (!path.StartsWith('/'))
        {
            return (null, new("path", "pathStart", [path], $"The path must start with /: write /{path}."));
        }
        if (path.Contains('?'))
        {
            return (null, new("path", "pathQuery", [], "The path holds a ?: write the query string in its own field, without the ?."));
        }
        if (TargetProblem("path", "pathChar", path, query: false) is { } badPath)
        {
            return (null, badPath);
        }
        var query = (request.Query ?? "").Trim();
        query = query.StartsWith('?') ? query[1..] : query;
        if (TargetProblem("query", "queryChar", query, query: true) is { } badQuery)
        {
            return (null, badQuery);
        }
        var (headers, badHeader) = Headers(request.Headers ?? "");
        if (badHeader is not null)
        {
            return (null, badHeader);
        }
        var body = Encoding.UTF8.GetBytes(request.Body ?? "");
        if (body.Length > MaxBodyBytes)
        {
            return (null, new("body", "bodyTooLarge", [body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                $"The body is {body.Length} bytes; a function URL takes at most {MaxBodyBytes} bytes (Lambda's 6 MB payload limit)."));
        }
        return (new Checked(method, query.Length == 0 ? path : $"{path}?{query}", headers!, body), null);
    }

    private static UrlTestProblem? MethodProblem(string method)
    {
        if (method.Length is > 0 and <= 32 && method.All(c => c is (>= 'A' and <= 'Z') or '-') && char.IsAsciiLetterUpper(method[0]))
        {
            return method == "CONNECT"
                ? new("method", "connectMethod", [], "CONNECT asks a proxy for a tunnel; a function URL does not answer it. Choose another method, such as GET or POST.")
                : null;
        }
        var upper = method.ToUpperInvariant();
        if (upper.Length is > 0 and <= 32 && upper.All(c => c is (>= 'A' and <= 'Z') or '-') && char.IsAsciiLetterUpper(upper[0]))
        {
            return new("method", "lowercaseMethod", [method, upper],
                $"HTTP methods are case-sensitive, and '{method}' is not '{upper}': write {upper}.");
        }
        return new("method", "badMethod", [method],
            $"'{method}' is not an HTTP method: write one word of capital letters, such as GET, POST, PUT or DELETE.");
    }

    /// <summary>The first character a path (or query) cannot hold as it is, or a % that does not start %XX.</summary>
    private static UrlTestProblem? TargetProblem(string field, string code, string text, bool query)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    return new(field, "percent", [field],
                        $"In the {field}, a % must start a percent-encoded byte such as %20 (a % itself is %25).");
                }
                i += 2;
                continue;
            }
            var allowed = char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@/".Contains(c) || (query && c == '?');
            if (!allowed)
            {
                var shown = c == ' ' ? "space" : char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
                return new(field, code, [shown],
                    $"The {field} cannot hold '{shown}' as it is: percent-encode it (a space is %20, # is %23, é is %C3%A9).");
            }
        }
        return null;
    }

    private static (List<(string, string)>? Headers, UrlTestProblem? Problem) Headers(string text)
    {
        var headers = new List<(string, string)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0)
            {
                continue;
            }
            var colon = line.IndexOf(':');
            var name = colon > 0 ? line[..colon].Trim() : "";
            var value = colon > 0 ? line[(colon + 1)..].Trim() : "";
            var number = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (name.Length == 0 || !name.All(IsTokenChar) || value.Any(c => char.IsControl(c) && c != '\t'))
            {
                return (null, new("headers", "headerLine", [number, line.Trim()],
                    $"Header line {number} ('{line.Trim()}') is not a header: write one Name: value a line, such as Content-Type: application/json."));
            }
            if (ConnectionHeaders.Contains(name))
            {
                return (null, new("headers", "headerForbidden", [name],
                    $"{name} belongs to the connection, and the console sets it for the request it sends: leave that line out."));
            }
            headers.Add((name, value));
        }
        return (headers, null);
    }

    /// <summary>RFC 9110's tchar: what a header name is made of.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}

/// <summary>
/// Why the tester sent nothing: the form field at fault, a code the page words in its language (with the arguments it
/// needs), and the same in English.
/// </summary>
internal sealed record UrlTestProblem(string Field, string Code, List<string> Arguments, string Message);
