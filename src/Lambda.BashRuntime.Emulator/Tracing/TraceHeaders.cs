using System.Text;

namespace Lambda.BashRuntime.Emulator.Tracing;

/// <summary>
/// The Invoke API's emulator-only trace switch, for clients of this emulator alone (the testing library's
/// LocalLambda.Trace): a request with <see cref="Request"/>: true runs traced, and its answer carries the trace as
/// `invoke --trace --trace-variables` prints it, base64 in <see cref="Response"/> (its last
/// <see cref="MaxTextBytes"/>, where the failure is). AWS has neither header.
/// </summary>
public static class TraceHeaders
{
    public const string Request = "X-Lambda-Bash-Trace";
    public const string Response = "X-Lambda-Bash-Trace-Result";
    public const int MaxTextBytes = 1024 * 1024;

    public static bool Requested(HttpRequest request)
        => string.Equals(request.Headers[Request].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);

    public static void Answer(HttpResponse response, Environments.Invocation invocation)
    {
        if (!invocation.Trace)
        {
            return;
        }
        var text = Encoding.UTF8.GetBytes(TraceText.Format(invocation.TraceFile?.Read() ?? HandlerTrace.Empty, variables: true));
        response.Headers[Response] = Convert.ToBase64String(text.Length <= MaxTextBytes ? text : text[^MaxTextBytes..]);
    }
}
