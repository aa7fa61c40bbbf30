using System.Text;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.InvokeApi;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// `invoke`: one invocation of the project's function, like `sam local invoke`: the response on stdout (bytes as
/// the function sent them), the function's log on stderr; exit code 0, or 1 with the error JSON on a function error.
/// With --trace, the handler's trace follows the log on stderr (stdout stays the response alone).
/// </summary>
internal static class InvokeCommand
{
    /// <summary>--trace, and --trace-variables (which needs it).</summary>
    public sealed record TraceChoice(bool Trace, bool Variables);

    public static async Task<int> RunAsync(FileInfo? configFile, string? payloadText, FileInfo? eventFile, string accountId,
        Processes.SandboxMode sandbox, string? bash, TraceChoice? trace = null)
    {
        if (configFile is null)
        {
            throw new UsageError("invoke needs the project's function: run it with `dotnet run -- invoke`.");
        }
        // Unreadable files and a package or setting Lambda would refuse end as "error: ..." (UsageError), host or not.
        var config = FunctionConfig.Load(configFile.FullName);
        var payload = payloadText is not null ? Encoding.UTF8.GetBytes(payloadText)
            : eventFile is not null ? ReadEvent(eventFile)
            : "{}"u8.ToArray();
        if (JsonPayload.Validate(payload) is { } problem)
        {
            var source = eventFile is not null ? eventFile.Name : "the --payload value";
            throw new UsageError($"{source} is not JSON: {problem}. An event is a JSON document, such as {{\"text\":\"Hello\"}}.");
        }

        var options = new EmulatorOptions
        {
            Port = 0,
            MaxConcurrency = 1,
            Region = config.RegionOrDefault,
            AccountId = accountId,
            Sandbox = sandbox,
            Bash = bash,
            ProjectRuntime = config.Runtime ?? LambdaRules.DefaultRuntime,
            ServeApis = false, // the invoke is made in-process: only the Runtime API ports listen
        };
        await using var host = await EmulatorHost.StartAsync(options);
        var function = config.Register(host);
        var invocation = new Invocation(function, function.FunctionArn, payload) { Trace = trace?.Trace == true };
        var outcome = await host.Invoker.InvokeAsync(invocation);
        var result = outcome.Result!;
        if (invocation.Trace)
        {
            var handlerTrace = invocation.TraceFile?.Read() ?? Tracing.HandlerTrace.Empty;
            await Console.Error.WriteAsync(Tracing.TraceText.Format(handlerTrace, trace!.Variables));
            await Console.Error.FlushAsync();
        }
        using (var stdout = Console.OpenStandardOutput())
        {
            await stdout.WriteAsync(result.Payload);
            if (!Console.IsOutputRedirected)
            {
                await stdout.WriteAsync("\n"u8.ToArray());
            }
        }
        if (result.End == InvocationEnd.TimedOut)
        {
            Console.Error.WriteLine($"hint: the function ran longer than its Timeout ({function.TimeoutSeconds} s). Raise <Timeout> in the "
                + "project file, or try: dotnet run -p:Timeout=10 -- invoke ...");
        }
        return result.IsError ? 1 : 0;
    }

    /// <summary>
    /// An event file's JSON without the whitespace around it (a file's final newline, a BOM): insignificant to JSON,
    /// but a handler that echoes its event byte for byte would echo it too. The same as LocalLambda and the Invoke target.
    /// </summary>
    private static byte[] ReadEvent(FileInfo eventFile)
        => Encoding.UTF8.GetBytes(File.ReadAllText(eventFile.FullName, Encoding.UTF8).Trim(' ', '\t', '\r', '\n'));
}
