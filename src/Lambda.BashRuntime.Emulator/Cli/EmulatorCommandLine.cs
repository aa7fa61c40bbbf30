using System.CommandLine;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Processes;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// [--function-config FILE] [--sandbox bwrap|none] [--bash PATH] [start [--port N] [--max-concurrency N] [--state-transition-delay MS] [--event-retry-delay S] [--state-dir DIR] [--region R] [--account-id ID] [--allowed-host NAME]... [--allow-function-writes]
/// [--no-console] [--console-token-file FILE] [--open] | invoke [--payload JSON | --event FILE] [--trace [--trace-variables]] | generate-event KIND [--output FILE [--force]] [--region R] [--account-id ID]]; no verb means start. The SDK puts --function-config first and the
/// user's arguments after it, so root options are accepted before the verb (and, being recursive, after it).
/// </summary>
public static class EmulatorCommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        var functionConfig = new Option<FileInfo?>("--function-config")
        {
            Description = "The project's function (written by the SDK build): registered and served.",
            Recursive = true,
        };
        var port = new Option<int>("--port") { Description = "Invoke API port on 127.0.0.1.", DefaultValueFactory = _ => 3001 };
        var maxConcurrency = new Option<int>("--max-concurrency")
        {
            Description = "Execution environments that may run at once; more concurrent invokes get 429.",
            DefaultValueFactory = _ => 10,
        };
        var eventRetryDelay = new Option<double>("--event-retry-delay")
        {
            Description = "Seconds before the first retry of a failed Event invoke; the second waits twice as long (Lambda: 60, then 120).",
            DefaultValueFactory = _ => EmulatorOptions.LambdaEventRetryDelay.TotalSeconds,
        };
        var stateDelay = new Option<int>("--state-transition-delay")
        {
            Description = "Milliseconds a function created through the API stays Pending, and an update InProgress (0: at once).",
            DefaultValueFactory = _ => 500,
        };
        var stateDir = new Option<DirectoryInfo?>("--state-dir") { Description = "Folder for the emulator's state (default: a temporary folder)." };
        var region = new Option<string?>("--region") { Description = "Region in ARNs and AWS_REGION (default: the function's, else us-east-1)." };
        var accountId = new Option<string>("--account-id") { Description = "Account id in ARNs.", DefaultValueFactory = _ => LambdaRules.DefaultAccountId };
        var allowedHost = new Option<string[]>("--allowed-host")
        {
            Description = "Also accept this Host name (repeatable), for a forwarded port (Codespaces, dev containers, WSL).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        allowedHost.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (Security.HostNames.Validate(name) is { } problem)
                {
                    result.AddError(problem);
                }
            }
        });
        var allowFunctionWrites = new Option<bool>("--allow-function-writes")
        {
            Description = "Let functions change the control plane with their own credentials (by default they may invoke and read only).",
        };
        var sandbox = new Option<string?>("--sandbox")
        {
            Description = "Isolate each execution environment: bwrap (Linux, the default where bubblewrap works) or none.",
            Recursive = true,
        };
        sandbox.AcceptOnlyFromAmong("bwrap", "none", "auto");
        var bash = new Option<string?>("--bash")
        {
            Description = $"The bash that runs the function (default: {BashLocator.Variable}, else the newest bash 3.2 or later found).",
            Recursive = true,
        };
        var noConsole = new Option<bool>("--no-console") { Description = "Do not serve the web console (http://127.0.0.1:PORT/console/)." };
        // Refused, not deprecated: any run that still passes it would still show the secret to every local user.
        var consoleToken = new Option<string?>("--console-token") { Hidden = true };
        consoleToken.Validators.Add(result => result.AddError(ConsoleTokenSource.ArgvRefusal));
        var consoleTokenFile = new Option<FileInfo?>("--console-token-file")
        {
            Description = $"Read the web console's secret from this file (keep it chmod 600), or set {ConsoleTokenSource.EnvironmentVariable}; "
                + "default: a new random one each start. Never on the command line.",
        };
        var open = new Option<bool>("--open")
        {
            Description = "Open the web console in the default browser (through a page only you can read, so the token is not in the opener's command line).",
        };
        var payload = new Option<string?>("--payload") { Description = "The event, as JSON text." };
        var eventFile = new Option<FileInfo?>("--event") { Description = "The event, read from a JSON file." };
        var trace = new Option<bool>("--trace")
        {
            Description = "Run the handler under a line-by-line trace (set -x), written to stderr after the log: file, line, function, microseconds (bash 5+).",
        };
        var traceVariables = new Option<bool>("--trace-variables") { Description = "With --trace: also the variables the handler set or changed, as it ended." };

        Option[] startOptions = [port, maxConcurrency, stateDelay, eventRetryDelay, stateDir, region, accountId, allowedHost, allowFunctionWrites, noConsole, consoleToken, consoleTokenFile, open];
        var root = new RootCommand("Local AWS Lambda for Bash runtimes: Runtime API, Invoke API, control plane.");
        root.Options.Add(functionConfig);
        root.Options.Add(sandbox);
        root.Options.Add(bash);
        var start = new Command("start", "Serve a local Lambda endpoint until Ctrl+C (the default).");
        var invoke = new Command("invoke", "Run one invocation of the project's function, like `sam local invoke`.");
        foreach (var option in startOptions)
        {
            root.Options.Add(option); // `dotnet run -- --port 4000` works without the verb too
            start.Options.Add(option);
        }
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        maxConcurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--max-concurrency must be between 1 and 1000.");
            }
        });
        eventRetryDelay.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 3600 or double.NaN)
            {
                result.AddError("--event-retry-delay must be between 0 and 3600 seconds (Lambda waits 60).");
            }
        });
        stateDelay.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 60_000)
            {
                result.AddError("--state-transition-delay must be between 0 and 60000 milliseconds.");
            }
        });
        invoke.Options.Add(payload);
        invoke.Options.Add(eventFile);
        invoke.Options.Add(trace);
        invoke.Options.Add(traceVariables);
        invoke.Validators.Add(result =>
        {
            if (result.GetResult(payload) is not null && result.GetResult(eventFile) is not null)
            {
                result.AddError("--payload and --event cannot be used together.");
            }
            if (result.GetValue(traceVariables) && !result.GetValue(trace))
            {
                result.AddError("--trace-variables shows the variables of a traced invoke: add --trace.");
            }
        });
        root.Subcommands.Add(start);
        root.Subcommands.Add(invoke);
        root.Subcommands.Add(GenerateEventVerb(functionConfig));

        EmulatorOptions Options(ParseResult parsed) => new()
        {
            Port = parsed.GetValue(port),
            MaxConcurrency = parsed.GetValue(maxConcurrency),
            EventRetryDelay = TimeSpan.FromSeconds(parsed.GetValue(eventRetryDelay)),
            StateTransitionDelay = TimeSpan.FromMilliseconds(parsed.GetValue(stateDelay)),
            StateDirectory = parsed.GetValue(stateDir)?.FullName,
            Region = parsed.GetValue(region) ?? "",
            AccountId = parsed.GetValue(accountId)!,
            AllowedHosts = parsed.GetValue(allowedHost) ?? [],
            Sandbox = SandboxChoice.Parse(parsed.GetValue(sandbox)) ?? SandboxMode.Auto,
            Bash = parsed.GetValue(bash),
            AllowFunctionWrites = parsed.GetValue(allowFunctionWrites),
        };
        Func<ParseResult, CancellationToken, Task<int>> startAction = (parsed, _) => UsageError.RunAsync(() => StartCommand.RunAsync(
            Options(parsed), parsed.GetValue(functionConfig),
            new StartCommand.ConsoleChoice(!parsed.GetValue(noConsole), parsed.GetValue(consoleTokenFile), parsed.GetValue(open))));
        root.SetAction(startAction);
        start.SetAction(startAction);
        invoke.SetAction((parsed, _) => UsageError.RunAsync(() => InvokeCommand.RunAsync(
            parsed.GetValue(functionConfig), parsed.GetValue(payload), parsed.GetValue(eventFile), parsed.GetValue(accountId)!,
            SandboxChoice.Parse(parsed.GetValue(sandbox)) ?? SandboxMode.Auto, parsed.GetValue(bash),
            new InvokeCommand.TraceChoice(parsed.GetValue(trace), parsed.GetValue(traceVariables)))));

        // Ctrl+C is the host's to handle (graceful shutdown), not the parser's.
        // No @response-file expansion: "--payload @x" is data, not a file to read arguments from.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        return parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    /// <summary>`generate-event KIND`: an AWS-shaped sample event (Events/SampleEvents.cs lists the kinds).</summary>
    private static Command GenerateEventVerb(Option<FileInfo?> functionConfig)
    {
        var kinds = Events.SampleEvents.Kinds;
        var kind = new Argument<string>("kind")
        {
            Description = "The kind of event:\n" + string.Join("\n", kinds.Select(k => $"  {k.Name,-16} {k.Description}")),
        };
        kind.AcceptOnlyFromAmong([.. kinds.Select(k => k.Name)]);
        var output = new Option<FileInfo?>("--output") { Description = "Write the event to this file (such as events/sqs.json) instead of stdout." };
        var force = new Option<bool>("--force") { Description = "Overwrite the --output file when it exists." };
        var region = new Option<string?>("--region") { Description = "Region in the event (default: the project's, else us-east-1)." };
        var accountId = new Option<string?>("--account-id")
        {
            Description = $"Account id in the event (default: {LambdaRules.DefaultAccountId}, as in the emulator's ARNs).",
        };
        var command = new Command("generate-event", "Write an AWS-shaped sample event, like `sam local generate-event`, to stdout or a file.")
        {
            kind, output, force, region, accountId,
        };
        command.SetAction((parsed, _) => UsageError.RunAsync(() => Task.FromResult(GenerateEventCommand.Run(parsed.GetValue(kind)!,
            parsed.GetValue(output), parsed.GetValue(force), parsed.GetValue(region), parsed.GetValue(accountId), parsed.GetValue(functionConfig)))));
        return command;
    }
}
