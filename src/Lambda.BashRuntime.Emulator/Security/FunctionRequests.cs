namespace Lambda.BashRuntime.Emulator.Security;

/// <summary>
/// What a function may do to its emulator with the credentials it was given (<see cref="FunctionCredentials"/>):
/// invoke functions (one function calling another is common), and read and list; not change anything: a control-plane
/// write is refused with the AccessDeniedException AWS answers when an execution role lacks the permission, naming the
/// action (lambda:UpdateFunctionConfiguration...). The developer may allow writes with --allow-function-writes.
/// </summary>
public static class FunctionRequests
{
    /// <summary>Writes by method and path pattern ({} is one segment), named as IAM names their actions.</summary>
    private static readonly (string Method, string Pattern, string Action)[] Writes =
    [
        ("POST", "/2015-03-31/functions", "CreateFunction"),
        ("DELETE", "/2015-03-31/functions/{}", "DeleteFunction"),
        ("PUT", "/2015-03-31/functions/{}/code", "UpdateFunctionCode"),
        ("PUT", "/2015-03-31/functions/{}/configuration", "UpdateFunctionConfiguration"),
        ("POST", "/2015-03-31/functions/{}/policy", "AddPermission"),
        ("DELETE", "/2015-03-31/functions/{}/policy/{}", "RemovePermission"),
        ("POST", "/2015-03-31/functions/{}/versions", "PublishVersion"),
        ("POST", "/2015-03-31/functions/{}/aliases", "CreateAlias"),
        ("PUT", "/2015-03-31/functions/{}/aliases/{}", "UpdateAlias"),
        ("DELETE", "/2015-03-31/functions/{}/aliases/{}", "DeleteAlias"),
        ("PUT", "/2017-10-31/functions/{}/concurrency", "PutFunctionConcurrency"),
        ("DELETE", "/2017-10-31/functions/{}/concurrency", "DeleteFunctionConcurrency"),
        ("POST", "/2017-03-31/tags/{}", "TagResource"),
        ("DELETE", "/2017-03-31/tags/{}", "UntagResource"),
        ("POST", "/2021-10-31/functions/{}/url", "CreateFunctionUrlConfig"),
        ("PUT", "/2021-10-31/functions/{}/url", "UpdateFunctionUrlConfig"),
        ("DELETE", "/2021-10-31/functions/{}/url", "DeleteFunctionUrlConfig"),
        ("PUT", "/2019-09-25/functions/{}/event-invoke-config", "PutFunctionEventInvokeConfig"),
        ("POST", "/2019-09-25/functions/{}/event-invoke-config", "UpdateFunctionEventInvokeConfig"),
        ("DELETE", "/2019-09-25/functions/{}/event-invoke-config", "DeleteFunctionEventInvokeConfig"),
        ("POST", "/2018-10-31/layers/{}/versions", "PublishLayerVersion"),
        ("DELETE", "/2018-10-31/layers/{}/versions/{}", "DeleteLayerVersion"),
        ("POST", "/2018-10-31/layers/{}/versions/{}/policy", "AddLayerVersionPermission"),
        ("DELETE", "/2018-10-31/layers/{}/versions/{}/policy/{}", "RemoveLayerVersionPermission"),
    ];

    /// <summary>Invokes, which a function may make: synchronous, Event, the old InvokeAsync, streaming.</summary>
    private static readonly (string Method, string Pattern)[] Invokes =
    [
        ("POST", "/2015-03-31/functions/{}/invocations"),
        ("POST", "/2014-11-13/functions/{}/invoke-async"),
        ("POST", "/2021-11-15/functions/{}/response-streaming-invocations"),
    ];

    /// <summary>
    /// Null when a function may make this request; else the IAM action it would need (lambda:NAME), for the refusal.
    /// Reads (GET, HEAD) and invokes are allowed; every other request is a write, named when it is one of the table.
    /// </summary>
    public static string? RefusedAction(string method, string path)
    {
        if (method is "GET" or "HEAD")
        {
            return null;
        }
        var segments = Segments(path);
        if (Invokes.Any(invoke => invoke.Method == method && Matches(invoke.Pattern, segments)))
        {
            return null;
        }
        foreach (var (writeMethod, pattern, action) in Writes)
        {
            if (writeMethod == method && Matches(pattern, segments))
            {
                return "lambda:" + action;
            }
        }
        return $"lambda:* ({method} {path})";
    }

    /// <summary>AWS's message for an execution role without the permission.</summary>
    public static string AccessDeniedMessage(string caller, string action, string resource)
        => $"User: {caller} is not authorized to perform: {action} on resource: {resource} because no "
            + $"identity-based policy allows the {action} action (the local emulator refuses control-plane changes made "
            + "with a function's own credentials; start it with --allow-function-writes to allow them).";

    /// <summary>The resource a request is about, as an ARN where the path names one (else "*").</summary>
    public static string Resource(string path, string region, string account)
    {
        var segments = Segments(path);
        if (segments.Length >= 3 && segments[1] == "functions")
        {
            return segments[2].StartsWith("arn:", StringComparison.Ordinal)
                ? segments[2]
                : $"arn:aws:lambda:{region}:{account}:function:{segments[2]}";
        }
        if (segments.Length >= 3 && segments[1] == "layers")
        {
            return $"arn:aws:lambda:{region}:{account}:layer:{segments[2]}";
        }
        if (segments.Length >= 3 && segments[1] == "tags")
        {
            return segments[2];
        }
        return segments.Length == 2 && segments[1] == "functions" ? $"arn:aws:lambda:{region}:{account}:function:*" : "*";
    }

    private static string[] Segments(string path)
        => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();

    private static bool Matches(string pattern, string[] segments)
    {
        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != segments.Length)
        {
            return false;
        }
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] != "{}" && !string.Equals(parts[i], segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
