using Lambda.BashRuntime.Emulator.Hosting;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>`start`: serve a local Lambda endpoint until Ctrl+C, with the project's function registered.</summary>
internal static class StartCommand
{
    public static async Task<int> RunAsync(EmulatorOptions options, FileInfo? configFile)
    {
        FunctionConfig? config;
        try
        {
            config = configFile is null ? null : FunctionConfig.Load(configFile.FullName);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot read the function configuration: {e.Message}");
            return 2;
        }
        if (options.Region.Length == 0)
        {
            options.Region = config?.RegionOrDefault ?? "us-east-1";
        }

        EmulatorHost host;
        try
        {
            host = await EmulatorHost.StartAsync(options);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: cannot listen on 127.0.0.1:{options.Port} ({e.Message}); choose another with --port");
            return 2;
        }
        await using (host)
        {
            var name = "<name>";
            if (config is not null)
            {
                try
                {
                    name = config.Register(host).FunctionName;
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return 2;
                }
            }
            using var reloader = config is null ? null : new ProjectReloader(configFile!.FullName, config, host, pollInterval: ProjectReloader.DefaultPollInterval);
            var endpoint = host.BaseUrl.ToString().TrimEnd('/');
            Console.Error.WriteLine($"Local Lambda listening on {endpoint} (Ctrl+C to stop). Try:");
            Console.Error.WriteLine($"  aws lambda invoke --endpoint-url {endpoint} --function-name {name} "
                + "--payload '{\"text\":\"Hello\"}' --cli-binary-format raw-in-base64-out out.json");
            await host.WaitForShutdownAsync();
        }
        return 0;
    }
}
