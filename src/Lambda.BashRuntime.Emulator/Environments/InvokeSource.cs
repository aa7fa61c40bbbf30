namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// Where an invoke entered the emulator, recorded there for the web console's history: the console's own invoke, the
/// Invoke API (the AWS CLI, an SDK, LocalLambda; Operation Invoke or InvokeWithResponseStream), a function URL (with
/// the request's method and path), or an Event invoke's attempt as the dispatcher runs it (retries counted).
/// </summary>
public sealed record InvokeSource(string Kind, string? Operation = null, string? Method = null, string? Path = null, int? Attempt = null)
{
    public const string ConsoleKind = "Console";
    public const string ApiKind = "InvokeApi";
    public const string FunctionUrlKind = "FunctionUrl";
    public const string EventKind = "Event";

    /// <summary>A path longer than this is cut: the history shows where a request went, not a whole query string.</summary>
    private const int MaxPathLength = 512;

    public static readonly InvokeSource Console = new(ConsoleKind);

    public static InvokeSource Api(bool streaming) => new(ApiKind, streaming ? "InvokeWithResponseStream" : "Invoke");

    public static InvokeSource FunctionUrl(string method, string pathAndQuery)
        => new(FunctionUrlKind, Method: method,
            Path: pathAndQuery.Length <= MaxPathLength ? pathAndQuery : pathAndQuery[..MaxPathLength] + "…");

    /// <param name="attempt">1 for the first run, 2 and 3 for Lambda's retries.</param>
    public static InvokeSource Event(int attempt) => new(EventKind, Attempt: attempt);
}
