using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Errors;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// What a control-plane request that no endpoint served is answered: an operation of the Lambda API the emulator
/// does not offer gets 501 NotImplementedException naming it (the AWS CLI prints "An error occurred
/// (NotImplementedException) when calling the X operation: ..." and, 501 not being a retried status, does not retry);
/// anything else is Lambda's 404 UnknownOperationException. Mapped as the fallback, so it never shadows an endpoint.
/// </summary>
internal static class UnsupportedOperations
{
    private static readonly IReadOnlyList<(ServiceOperations.Operation Operation, Regex Path)> Patterns =
        [.. ServiceOperations.All.Select(o => (o, new Regex(
            "^" + Regex.Replace(Regex.Escape(o.RequestUri.TrimEnd('/')), @"\\\{[A-Za-z]+\+?}", "[^/]+") + "/?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)))];

    /// <summary>API paths start with the API's version date, "/2015-03-31/": others (the web console's) are not the API's.</summary>
    private static readonly Regex ApiPath = new(@"^/\d{4}-\d{2}-\d{2}(/|$)", RegexOptions.CultureInvariant);

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapFallback(AnswerAsync);

    /// <summary>The operation a method and path belong to, or null when they match none of the model's.</summary>
    public static string? OperationOf(string method, string path)
        => Patterns.FirstOrDefault(p => string.Equals(p.Operation.Method, method, StringComparison.OrdinalIgnoreCase) && p.Path.IsMatch(path))
            .Operation?.Name;

    private static Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (!ApiPath.IsMatch(path))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        var error = OperationOf(request.Method, path) is { } operation
            ? new AwsException("NotImplementedException", StatusCodes.Status501NotImplemented,
                $"{operation} is an operation of the Lambda API that the local Lambda emulator does not offer. "
                + "See the emulator README for the operations it serves; on AWS it works as documented.")
            : new AwsException("UnknownOperationException", StatusCodes.Status404NotFound,
                $"Unknown operation: {request.Method} {path} is not an operation of the Lambda API.");
        return ErrorResponses.AwsAsync(context, error);
    }
}
