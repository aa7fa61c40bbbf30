using System.Text;
using System.Text.Json;

namespace Lambda.BashRuntime.Testing;

/// <summary>
/// A function project running in the local Lambda emulator, for tests: <see cref="StartAsync"/> starts the emulator
/// that the project's SDK ships, serving the function.zip that `dotnet build` wrote (so a test runs what would be
/// uploaded), and <see cref="InvokeAsync"/> invokes it through the Invoke API as the AWS CLI would.
/// Each instance is its own emulator process on its own port: test classes may run in parallel.
/// </summary>
/// <example>
/// <code>
/// await using var lambda = await LocalLambda.StartAsync("../MyFunction");
/// var result = await lambda.InvokeAsync("{\"text\":\"Hello\"}");
/// Assert.Equal("Echoing request: '{\"text\":\"Hello\"}'", result.Payload);
/// </code>
/// </example>
public sealed class LocalLambda : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly EmulatorProcess _emulator;
    private readonly HttpClient _http;
    private readonly string _projectDirectory;
    private bool _disposed;

    /// <summary>The function's name (property FunctionName of the project).</summary>
    public string FunctionName { get; }

    /// <summary>The emulator's endpoint: use it with `aws lambda ... --endpoint-url` or any Lambda client.</summary>
    public Uri Endpoint => _emulator.Endpoint;

    private LocalLambda(EmulatorProcess emulator, string functionName, string projectDirectory)
    {
        _emulator = emulator;
        FunctionName = functionName;
        _projectDirectory = projectDirectory;
        // Room for a traced invoke's trace in its answer's headers (Trace): up to 1 MB, base64.
        _http = new HttpClient(new LocalAwsAuthorization { InnerHandler = new HttpClientHandler { MaxResponseHeadersLength = 2048 } })
        {
            BaseAddress = emulator.Endpoint,
            Timeout = TimeSpan.FromMinutes(15),
        };
    }

    /// <summary>
    /// Starts the emulator for the function project in <paramref name="functionProjectDirectory"/>, which must have
    /// been built (its obj/lambda-function.json says which function.zip to serve and which emulator to use).
    /// </summary>
    /// <exception cref="InvalidOperationException">The project was not built, or the emulator did not start.</exception>
    public static async Task<LocalLambda> StartAsync(string functionProjectDirectory, CancellationToken cancellationToken = default)
    {
        var projectDirectory = Path.GetFullPath(functionProjectDirectory);
        var configFile = Path.Combine(projectDirectory, "obj", "lambda-function.json");
        if (!File.Exists(configFile))
        {
            throw new InvalidOperationException($"{configFile} not found: build the function project first (dotnet build \"{projectDirectory}\").");
        }
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(configFile, cancellationToken));
        var functionName = config.RootElement.GetProperty("FunctionName").GetString()!;
        var emulatorPath = config.RootElement.TryGetProperty("EmulatorPath", out var path) ? path.GetString() : null;
        if (emulatorPath is null || !File.Exists(emulatorPath))
        {
            throw new InvalidOperationException($"The emulator named by {configFile} ({emulatorPath ?? "none"}) was not found: rebuild the function project.");
        }

        var start = EmulatorProcess.Command(emulatorPath, ["--function-config", configFile, "start", "--port", "0", "--no-console"]);
        var emulator = await EmulatorProcess.StartAsync(start, StartTimeout, cancellationToken);
        return new LocalLambda(emulator, functionName, projectDirectory);
    }

    /// <summary>
    /// Runs each invoke under the emulator's line-by-line trace of the handler (set -x: file, line, function and, on
    /// bash 5, microseconds; the failing command marked; the variables it set or changed), returned in
    /// <see cref="LambdaInvokeResult.Trace"/>. Only this emulator traces: on Lambda the same bootstrap never does.
    /// </summary>
    public bool Trace { get; set; }

    /// <summary>Invokes the function with <paramref name="payload"/> (JSON) and waits for its answer.</summary>
    public async Task<LambdaInvokeResult> InvokeAsync(string payload, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"2015-03-31/functions/{Uri.EscapeDataString(FunctionName)}/invocations")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload)),
        };
        request.Headers.Add("X-Amz-Log-Type", "Tail");
        if (Trace)
        {
            request.Headers.Add("X-Lambda-Bash-Trace", "true"); // the emulator's own header: AWS has none
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var log = response.Headers.TryGetValues("X-Amz-Log-Result", out var logs)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(logs.First()))
            : "";
        var error = response.Headers.TryGetValues("X-Amz-Function-Error", out var errors) ? errors.First() : null;
        var requestId = response.Headers.TryGetValues("X-Amzn-RequestId", out var ids) ? ids.First() : "";
        var trace = response.Headers.TryGetValues("X-Lambda-Bash-Trace-Result", out var traces)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(traces.First()))
            : null;
        return new LambdaInvokeResult((int)response.StatusCode, body, error, log, requestId) { Trace = trace };
    }

    /// <summary>
    /// Invokes the function with the JSON in <paramref name="eventFile"/> (relative to the function project, such as
    /// "events/hello.json"). Whitespace around the JSON document, such as the file's final newline, is not sent:
    /// the same as `dotnet run -- invoke --event` and the Invoke target.
    /// </summary>
    public async Task<LambdaInvokeResult> InvokeEventFileAsync(string eventFile, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(_projectDirectory, eventFile), cancellationToken);
        return await InvokeAsync(text.Trim(' ', '\t', '\r', '\n'), cancellationToken);
    }

    /// <summary>Stops the emulator gracefully (its runtimes with it); kills it if it has not stopped within 10 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _http.Dispose();
        await _emulator.DisposeAsync();
    }
}
