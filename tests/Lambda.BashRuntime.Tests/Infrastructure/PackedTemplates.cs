using System.Xml.Linq;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// The template pack and the SDK, packed once per test run into a temporary feed, the template installed into a private
/// template hive (never the user's), and generated projects that restore from that feed into a private package folder.
/// This is the path a user's machine takes after a release. Set LAMBDA_BASHRUNTIME_PACKAGES to a folder that already
/// holds both packages to skip packing.
/// </summary>
public sealed class PackedTemplates
{
    private static readonly Lazy<Task<PackedTemplates>> Instance = new(CreateAsync);
    private static readonly SemaphoreSlim HiveLock = new(1, 1);

    /// <summary>Everything this run writes: feed, hive, package cache and generated projects. Removed at process exit.</summary>
    public string WorkRoot { get; }

    public string Feed { get; }

    public string Hive { get; }

    /// <summary>NUGET_PACKAGES for generated projects, so a re-packed SDK of the same version is never shadowed by a cache.</summary>
    public string PackageCache { get; }

    /// <summary>The version of both packages (Directory.Build.props).</summary>
    public static string Version { get; } = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props"))
        .Descendants("Version").Single().Value;

    private PackedTemplates(string workRoot, string feed)
    {
        WorkRoot = workRoot;
        Feed = feed;
        Hive = Path.Combine(workRoot, "hive");
        PackageCache = Path.Combine(workRoot, "nuget-packages");
    }

    public static Task<PackedTemplates> GetAsync() => Instance.Value;

    /// <summary>The .nupkg of package <paramref name="id"/> in the feed, such as Lambda.BashRuntime.Sdk.</summary>
    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>Environment for dotnet commands on generated projects.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = PackageCache,
        ["DOTNET_CLI_UI_LANGUAGE"] = "en",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        // The AWS CLI must never look for credentials on the network (the EC2 metadata address) in tests.
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    /// <summary>The packed templates (packing them on first use) and a new project scaffolded from them.</summary>
    public static async Task<(PackedTemplates Templates, string Project)> NewProjectAsync(string name, params string[] options)
    {
        var templates = await GetAsync();
        return (templates, await templates.ScaffoldAsync(name, options));
    }

    /// <summary>
    /// Runs `dotnet new bash-runtime` with the given arguments into a new folder and returns that folder. The template's
    /// restore post action is skipped (`--no-restore`): the folder has no nuget.config for our feed until this returns,
    /// and the tests that build restore on their own; TemplatePostActionTests runs the restore.
    /// </summary>
    public async Task<string> ScaffoldAsync(string name, params string[] options)
    {
        var output = NewProjectFolder(name);
        var result = await DotnetNewAsync(["bash-runtime", "-n", name, "-o", output, .. options, "--no-restore", "--no-update-check"]);
        Assert.True(result.ExitCode == 0, $"dotnet new failed: {result}");
        WriteNuGetConfig(output);
        return output;
    }

    /// <summary>A new, not yet created folder under <see cref="WorkRoot"/> for a project named <paramref name="name"/>.</summary>
    public string NewProjectFolder(string name) => Path.Combine(WorkRoot, "projects", $"{name}-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>A nuget.config beside a generated project: our feed first, then the default sources.</summary>
    public void WriteNuGetConfig(string directory)
        => File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="lambda-bashruntime-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

    /// <summary>
    /// `dotnet new ARGS` in the private hive, one at a time: instances share the hive's packages.json, and one that
    /// opens it while another writes it fails with "being used by another process" (exit code 70).
    /// </summary>
    public async Task<CommandResult> DotnetNewAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? hive = null)
    {
        await HiveLock.WaitAsync();
        try
        {
            return await DotnetAsync(WorkRoot, ["new", .. arguments, "--debug:custom-hive", hive ?? Hive], environment: environment);
        }
        finally
        {
            HiveLock.Release();
        }
    }

    public Task<CommandResult> DotnetAsync(
        string workingDirectory, IEnumerable<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var merged = new Dictionary<string, string?>(Environment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            merged[name] = value;
        }
        return Command.RunAsync("dotnet", arguments, workingDirectory, merged, timeout);
    }

    private static async Task<PackedTemplates> CreateAsync()
    {
        var workRoot = Path.Combine(Path.GetTempPath(), "lambda-bashruntime-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(workRoot);

        var feed = System.Environment.GetEnvironmentVariable("LAMBDA_BASHRUNTIME_PACKAGES");
        if (string.IsNullOrEmpty(feed))
        {
            feed = Path.Combine(workRoot, "feed");
            foreach (var project in new[] { "src/Lambda.BashRuntime.Sdk/Lambda.BashRuntime.Sdk.csproj", "TemplatePack.csproj" })
            {
                var pack = await Command.RunAsync("dotnet", ["pack", Path.Combine(RepoPaths.Root, project), "-c", "Release", "-o", feed, "-nologo"],
                    RepoPaths.Root, timeout: TimeSpan.FromMinutes(5));
                Assert.True(pack.ExitCode == 0, $"dotnet pack {project} failed: {pack}");
            }
        }

        var templates = new PackedTemplates(workRoot, feed);
        var install = await templates.DotnetNewAsync(["install", templates.PackagePath("Lambda.BashRuntime.Templates")]);
        Assert.True(install.ExitCode == 0, $"dotnet new install failed: {install}");
        return templates;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
