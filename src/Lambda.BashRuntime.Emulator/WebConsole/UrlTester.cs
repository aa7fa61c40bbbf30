using System.Globalization;
using System.Net;
using System.Text;
using Lambda.BashRuntime.Emulator.Security;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// Sends the console's test request to a function URL of this emulator, server-side, as curl would: to
/// 127.0.0.1 and the port the URL's own config keeps (never a host or port the page names), through that port's
/// listener and guard, its resource policy, Cors and payload mapping. So the page needs no CORS to the URL's port, and
/// what it shows is what any client gets. The payload 2.0 event the function received is the request of the invoke's
/// history entry, found by the answer's X-Amzn-RequestId.
/// </summary>
internal sealed class UrlTester(Listeners listeners, InvokeHistory history)
{
    /// <summary>How much of an answer's body the page is given (a function URL answers up to 6 MB, streamed up to 20 MB).</summary>
    public const int MaxShownBodyBytes = 1024 * 1024;

    /// <summary>No proxy (HTTP_PROXY must not carry the request off the machine), no redirects followed, no cookie jar.</summary>
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ActivityHeadersPropagator = null, // no traceparent of the emulator's own: the function sees only what was typed
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the function's own timeout bounds each request (below)
    };

    public async Task<(ConsoleUrlTestAnswer? Answer, UrlTestProblem? Problem)> SendAsync(
        FunctionRecord function, FunctionUrlRecord url, UrlTestInput.Checked request, string region, CancellationToken cancel)
    {
        if (listeners.KindOf(url.Port) is not (ListenerKind.FunctionUrlPublic or ListenerKind.FunctionUrlIam))
        {
            return (null, new("", "urlNotServed", [url.Url],
                $"{url.Url} is not served now (its port could not be opened at start): delete-function-url-config and create the URL again."));
        }
        var target = new Uri($"http://127.0.0.1:{url.Port.ToString(CultureInfo.InvariantCulture)}{request.PathAndQuery}", UriKind.Absolute);
        if (target.Host != "127.0.0.1" || target.Port != url.Port || target.Scheme != Uri.UriSchemeHttp)
        {
            return (null, new("path", "pathStart", [request.PathAndQuery], "The path must start with / and name no other host."));
        }
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        var content = new ByteArrayContent(request.Body);
        // A GET or HEAD without a body sends no Content-* headers (so no Content-Length: 0), as curl sends none.
        var hasContent = request.Body.Length > 0;
        var takesContent = hasContent || !(request.Method is "GET" or "HEAD");
        var signed = false;
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                hasContent |= takesContent && content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (hasContent)
        {
            message.Content = content;
        }
        if (!message.Headers.Contains("User-Agent"))
        {
            message.Headers.TryAddWithoutValidation("User-Agent", "lambda-bash-console");
        }
        if (url.AuthType == Functions.FunctionUrlValidation.AwsIam && !message.Headers.Contains("Authorization"))
        {
            // AWS_IAM: a header of SigV4's form, as the emulator checks it (it verifies no signature).
            var now = DateTimeOffset.UtcNow;
            message.Headers.TryAddWithoutValidation("X-Amz-Date", now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            message.Headers.TryAddWithoutValidation("Authorization",
                $"{SigV4Authorization.Algorithm} Credential=console/{now:yyyyMMdd}/{region}/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=console");
            signed = true;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(function.Timeout + 30));
        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancel.IsCancellationRequested)
        {
            return (null, new("", "urlUnreachable", [e.Message], $"The function URL {url.Url} did not answer: {e.Message}"));
        }
        using (response)
        {
            var headers = response.Headers.Concat(response.Content.Headers)
                .SelectMany(h => h.Value.Select(v => new ConsoleHeader(h.Key, v))).ToList();
            var (body, length, complete) = await ReadAsync(response, timeout.Token, cancel);
            var text = TryUtf8(body);
            var requestId = response.Headers.TryGetValues("X-Amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
            var entry = requestId is null || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
                ? null
                : await EntryAsync(requestId, cancel);
            return (new ConsoleUrlTestAnswer(
                request.Method, target.AbsoluteUri, (int)response.StatusCode, response.ReasonPhrase ?? "", headers,
                text ?? Convert.ToBase64String(body), text is null, body.Length, length, complete, requestId, signed,
                entry?.Request, entry?.Log), null);
        }
    }

    private static async Task<(byte[] Shown, long Length, bool Complete)> ReadAsync(
        HttpResponseMessage response, CancellationToken cancel, CancellationToken caller)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancel);
        var shown = new MemoryStream();
        var buffer = new byte[64 * 1024];
        long length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel)) > 0)
            {
                var room = (int)Math.Max(0, Math.Min(read, MaxShownBodyBytes - shown.Length));
                shown.Write(buffer, 0, room);
                length += read;
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !caller.IsCancellationRequested))
        {
            // A stream cut by an error after its start, or still going at the function's timeout: what came, marked incomplete.
            return (shown.ToArray(), length, false);
        }
        return (shown.ToArray(), length, true);
    }

    /// <summary>The invoke's history entry: recorded when the invoke ends, which for a streamed answer may be just after its last byte.</summary>
    private async Task<HistoryEntry?> EntryAsync(string requestId, CancellationToken cancel)
    {
        var recorded = new TaskCompletionSource<HistoryEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAdded(HistoryEntry entry)
        {
            if (entry.RequestId == requestId)
            {
                recorded.TrySetResult(entry);
            }
        }
        history.Added += OnAdded;
        try
        {
            return history.Find(requestId) ?? await recorded.Task.WaitAsync(TimeSpan.FromSeconds(10), cancel);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            history.Added -= OnAdded;
        }
    }

    private static string? TryUtf8(byte[] body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

/// <param name="Qualifier">The URL's qualifier: "" (the unqualified function) or an alias.</param>
/// <param name="Headers">One "Name: value" a line.</param>
internal sealed record ConsoleUrlTestRequest(
    string? FunctionName, string? Qualifier, string? Method, string? Path, string? Query, string? Headers, string? Body);

internal sealed record ConsoleHeader(string Name, string Value);

/// <param name="Body">The answer's body as text, or base64 (BodyIsBase64) when it is not UTF-8; at most MaxShownBodyBytes.</param>
/// <param name="ShownBytes">How many bytes of the body Body holds (less than BodyLength when it was cut at MaxShownBodyBytes).</param>
/// <param name="BodyLength">The body's full length in bytes.</param>
/// <param name="Complete">False when the answer was cut off (a streamed answer whose function failed midway).</param>
/// <param name="SignedByConsole">An AWS_IAM URL: the console added an Authorization header of SigV4's form.</param>
/// <param name="Event">The payload 2.0 event the function received (as the history keeps it); null when no invoke ran.</param>
internal sealed record ConsoleUrlTestAnswer(
    string Method, string Url, int Status, string Reason, List<ConsoleHeader> Headers, string Body, bool BodyIsBase64,
    int ShownBytes, long BodyLength, bool Complete, string? RequestId, bool SignedByConsole, string? Event, string? Log);
