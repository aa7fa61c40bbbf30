using System.Diagnostics;
using System.Text.Json;
using Lambda.BashRuntime.Sdk;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>
/// The student's inner loop, timed on the wall clock: the emulator alone (start, create the function from the project's
/// run config, one invoke, exit), `dotnet run -- invoke` of a built project against the floor of `dotnet run` of an
/// empty console project in the same run, and save -> the next invoke serving the new code under a serving emulator.
/// </summary>
public static class InnerLoop
{
    private const int Runs = 5;

    /// <param name="runProject">A generated project, built (null: the `dotnet run` rows are not measured).</param>
    /// <param name="consoleProject">An empty console project, built: the floor of `dotnet run`.</param>
    public static async Task<List<string>> RunAsync(string emulatorPath, string templateFolder, string? runProject, string? consoleProject)
    {
        var rows = new List<string>
        {
            "| inner loop (wall clock, median of " + Runs + ") | ms | target |",
            "| --- | ---: | --- |",
        };
        using var project = new ScratchProject(templateFolder);

        string[] invokeOnce = ["--function-config", project.ConfigFile, "invoke", "--payload", InvokeClient.Payload];
        var alone = await TimeAsync(() => RunToEndAsync(Testing.EmulatorProcess.Command(emulatorPath, invokeOnce), project.Folder));
        rows.Add($"| emulator alone: start, create the function from the run config, one invoke, exit ({Build(emulatorPath)}) | {alone:F0} | <= 500 |");
        Console.WriteLine(rows[^1]);
        if (Environment.GetEnvironmentVariable("LAMBDA_BENCH_IL_EMULATOR") is { Length: > 0 } il && il != emulatorPath)
        {
            // The baseline: the IL build the package also carries (IDEs, other platforms), in the same minutes.
            var ilAlone = await TimeAsync(() => RunToEndAsync(Testing.EmulatorProcess.Command(il, invokeOnce), project.Folder));
            rows.Add($"| the same with the IL build (`dotnet exec`, JIT) | {ilAlone:F0} | native is {ilAlone / alone:F1}x faster |");
            Console.WriteLine(rows[^1]);
        }

        if (runProject is not null && consoleProject is not null)
        {
            // The floor is plain `dotnet run` (its up-to-date build check included), as the generated project's row runs
            // it; the --no-build figures say how much of each row that check is.
            var floor = await TimeAsync(() => RunToEndAsync(new ProcessStartInfo("dotnet", ["run"]), consoleProject));
            var floorNoBuild = await TimeAsync(() => RunToEndAsync(new ProcessStartInfo("dotnet", ["run", "--no-build"]), consoleProject));
            var invoke = await TimeAsync(() => RunToEndAsync(new ProcessStartInfo("dotnet", ["run", "--", "invoke", "--event", "events/hello.json"]), runProject));
            var invokeNoBuild = await TimeAsync(() => RunToEndAsync(new ProcessStartInfo("dotnet", ["run", "--no-build", "--", "invoke", "--event", "events/hello.json"]), runProject));
            rows.Add($"| floor: `dotnet run` of an empty console project (built) | {floor:F0} | |");
            rows.Add($"| `dotnet run -- invoke --event events/hello.json` (up-to-date build) | {invoke:F0} | <= floor + 500 (is floor + {invoke - floor:F0}) |");
            rows.Add($"| (for reference) the same two with `--no-build`: console project / `-- invoke` | {floorNoBuild:F0} / {invokeNoBuild:F0} | |");
            Console.WriteLine(rows[^3]);
            Console.WriteLine(rows[^2]);
            Console.WriteLine(rows[^1]);
        }
        else
        {
            rows.Add("| (`dotnet run` rows not measured: eng/benchmark.sh builds the projects they need) | | |");
        }

        rows.Add($"| save function.sh -> the next invoke answers with the new code (`dotnet run` serving) | {await SaveToServedAsync(emulatorPath, project):F0} | <= 300 |");
        Console.WriteLine(rows[^1]);
        return rows;
    }

    /// <summary>Under `start`: rewrite function.sh, then invoke until the answer is the new one; from the write to that answer.</summary>
    private static async Task<double> SaveToServedAsync(string emulatorPath, ScratchProject project)
    {
        await using var emulator = await EmulatorProcess.StartAsync(emulatorPath, "--function-config", project.ConfigFile);
        using var http = emulator.CreateClient();
        await InvokeAsync(http); // warm
        var times = new List<double>();
        for (var i = 0; i < 2 * Runs; i++)
        {
            var marker = $"Saved {i}";
            var script = File.ReadAllText(project.FunctionScript);
            var started = Stopwatch.GetTimestamp();
            File.WriteAllText(project.FunctionScript, script.Replace(i == 0 ? "Echoing request" : $"Saved {i - 1}", marker, StringComparison.Ordinal));
            while (!(await InvokeAsync(http)).StartsWith(marker, StringComparison.Ordinal))
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("the serving emulator never served the saved function.sh");
                }
            }
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return Median(times);
    }

    private static async Task<string> InvokeAsync(HttpClient http)
    {
        using var response = await http.PostAsync("2015-03-31/functions/HelloBash/invocations", new StringContent(InvokeClient.Payload));
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<double> TimeAsync(Func<Task> run)
    {
        await run(); // the first run fills the disk cache
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return Median(times);
    }

    private static string Build(string emulatorPath) => emulatorPath.EndsWith(".dll", StringComparison.Ordinal) ? "IL build" : "native build";

    private static async Task RunToEndAsync(ProcessStartInfo start, string workingDirectory)
    {
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (Environment.GetEnvironmentVariable("LAMBDA_BENCH_NUGET_PACKAGES") is { Length: > 0 } packages)
        {
            start.Environment["NUGET_PACKAGES"] = packages; // where eng/benchmark.sh restored the packed SDK
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed: {await stdout}{await stderr}");
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt((values.Count - 1) / 2);

    /// <summary>The template's bootstrap and function.sh, function.zip written by the SDK's writer, and the run config the SDK writes.</summary>
    private sealed class ScratchProject : IDisposable
    {
        public ScratchProject(string templateFolder)
        {
            Folder = Directory.CreateTempSubdirectory("lambda-bash-benchmark-").FullName;
            foreach (var name in new[] { "bootstrap", "function.sh" })
            {
                File.Copy(Path.Combine(templateFolder, name), Path.Combine(Folder, name));
            }
            File.WriteAllText(Path.Combine(Folder, "HelloBash.csproj"), "<Project />\n");
            var zip = Path.Combine(Folder, "function.zip");
            File.WriteAllBytes(zip, LambdaZipWriter.Write(new[] { "bootstrap", "function.sh" }.Select(name =>
                new LambdaZipEntry(name, ScriptFile.Normalize(File.ReadAllBytes(Path.Combine(Folder, name))), true))));
            ConfigFile = Path.Combine(Folder, "lambda-function.json");
            File.WriteAllText(ConfigFile, JsonSerializer.Serialize(new
            {
                FunctionName = "HelloBash",
                Handler = "function.handler",
                PackageZip = zip,
                ProjectFile = Path.Combine(Folder, "HelloBash.csproj"),
                Files = new[] { "bootstrap", "function.sh" }.Select(name => new { Path = Path.Combine(Folder, name), Name = name }),
            }));
        }

        public string Folder { get; }
        public string ConfigFile { get; }
        public string FunctionScript => Path.Combine(Folder, "function.sh");

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
