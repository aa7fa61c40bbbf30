using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.WebConsole;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>`start`: serve a local Lambda endpoint until Ctrl+C, with the project's function registered.</summary>
internal static class StartCommand
{
    /// <summary>--no-console (Serve false), --console-token-file (or LAMBDA_CONSOLE_TOKEN), --open.</summary>
    public sealed record ConsoleChoice(bool Serve, FileInfo? TokenFile, bool Open);

    public static async Task<int> RunAsync(EmulatorOptions options, FileInfo? configFile, ConsoleChoice console)
    {
        FunctionConfig? config;
        try
        {
            config = configFile is null ? null : FunctionConfig.Load(configFile.FullName);
        }
        catch (Exception e) when (UsageError.IsUserError(e))
        {
            throw new UsageError($"cannot read the function configuration: {e.Message}", e);
        }
        if (options.Region.Length == 0)
        {
            options.Region = config?.RegionOrDefault ?? LambdaRules.DefaultRegion;
        }

        options.ProjectRuntime ??= config is null ? null : config.Runtime ?? LambdaRules.DefaultRuntime;

        if (console.Serve)
        {
            options.WebConsole = new ConsoleOptions
            {
                Token = ConsoleTokenSource.Read(console.TokenFile) ?? ConsoleOptions.NewToken(),
                EventsDirectory = config?.ProjectDirectory is { Length: > 0 } project ? Path.Combine(project, "events") : null,
                ProjectFunction = config?.FunctionName,
            };
        }

        EmulatorHost host;
        try
        {
            host = await EmulatorHost.StartAsync(options);
        }
        catch (IOException e) when (e is not StateDirectoryInUseException)
        {
            throw new UsageError($"cannot listen on 127.0.0.1:{options.Port} ({e.Message}); choose another with --port", e);
        }
        await using (host)
        {
            var name = config is null ? "<name>" : config.Register(host).FunctionName;
            using var reloader = config is null ? null : new ProjectReloader(configFile!.FullName, config, host, pollInterval: ProjectReloader.DefaultPollInterval);
            var endpoint = host.BaseUrl.ToString().TrimEnd('/');
            Console.Error.WriteLine(ListeningLine.Format(endpoint));
            Console.Error.WriteLine(TryCommand(endpoint, name, config?.ProjectDirectory));
            PrintFunctionUrls(host, config?.FunctionName, endpoint);
            if (host.ConsoleUrl is { } consoleUrl)
            {
                // Like Jupyter: the URL carries the secret; whoever has it can run the functions, so keep it to yourself.
                Console.Error.WriteLine($"Web console: {consoleUrl}");
                if (console.Open)
                {
                    BrowserLauncher.OpenConsole(consoleUrl, host.Paths.Scratch); // removed at exit, with the scratch folder
                }
            }
            await host.WaitForShutdownAsync();
        }
        return 0;
    }

    /// <summary>The function URLs kept in --state-dir (the project's first), or how to give the project one.</summary>
    private static void PrintFunctionUrls(EmulatorHost host, string? projectFunction, string endpoint)
    {
        var urls = host.RestoredUrls.OrderBy(u => u.Function.FunctionName == projectFunction ? 0 : 1).ToList();
        foreach (var (function, url, problem) in urls)
        {
            var qualifier = url.Qualifier.Length == 0 ? "" : ":" + url.Qualifier;
            Console.Error.WriteLine(problem is null
                ? $"Function URL of {function.FunctionName}{qualifier}: {url.Url} (AuthType {url.AuthType})"
                : $"Function URL of {function.FunctionName}{qualifier}: {url.Url} is NOT served: {problem}");
        }
        if (projectFunction is not null && !urls.Any(u => u.Function.FunctionName == projectFunction))
        {
            Console.Error.WriteLine($"Give {projectFunction} a function URL (kept with --state-dir): dotnet build -t:FunctionUrl -p:LambdaEndpoint={endpoint}");
        }
    }

    /// <summary>
    /// The AWS CLI command of the "Try:" line: with the project's sample event when that is an HTTP request (`--http`:
    /// its handler answers {"text":"Hello"} with a HandlerError), else with a small JSON payload.
    /// </summary>
    internal static string TryCommand(string endpoint, string name, string? projectDirectory)
    {
        var sample = projectDirectory is { Length: > 0 } ? Path.Combine(projectDirectory, "events", "hello.json") : null;
        var payload = sample is not null && File.Exists(sample) && File.ReadAllText(sample).Contains("\"rawPath\"", StringComparison.Ordinal)
            ? "--payload fileb://events/hello.json"
            : "--payload '{\"text\":\"Hello\"}' --cli-binary-format raw-in-base64-out";
        return $"  aws lambda invoke --endpoint-url {endpoint} --function-name {name} {payload} out.json";
    }
}
