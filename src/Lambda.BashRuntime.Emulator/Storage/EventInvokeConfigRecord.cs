namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>
/// A function's asynchronous invocation settings (PutFunctionEventInvokeConfig): null members were not set, and
/// Lambda's defaults apply (2 retries, 6 hours). Destinations are stored and returned; the emulator sends nothing there.
/// </summary>
public sealed record EventInvokeConfigRecord(
    int? MaximumRetryAttempts, int? MaximumEventAgeInSeconds, EventDestinations? DestinationConfig, DateTimeOffset LastModified)
{
    /// <summary>Retries after a failed first attempt when none is set (Lambda: two).</summary>
    public const int DefaultRetryAttempts = 2;

    /// <summary>How long an event is kept for its attempts when none is set (Lambda: six hours).</summary>
    public const int DefaultMaximumEventAgeSeconds = 21_600;

    public int RetryAttempts => MaximumRetryAttempts ?? DefaultRetryAttempts;

    public int MaximumEventAge => MaximumEventAgeInSeconds ?? DefaultMaximumEventAgeSeconds;
}

/// <summary>DestinationConfig: where Lambda would send the outcome (an ARN each), as given.</summary>
public sealed record EventDestinations(EventDestination? OnSuccess, EventDestination? OnFailure);

public sealed record EventDestination(string? Destination);
