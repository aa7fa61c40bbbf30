using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.WebConsole;
using Lambda.BashRuntime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// What both console sessions share: an emulator as `dotnet run` starts it for a generated project (the web console
/// on, the project's function registered), the project's temporary folder, and their disposal.
/// </summary>
public abstract class ProjectConsoleSession(TestEmulator emulator, string project) : IAsyncDisposable
{
    protected TestEmulator Emulator => emulator;

    public EmulatorHost Host => Emulator.Host;

    /// <summary>The URL the emulator prints: http://127.0.0.1:PORT/console/?token=...</summary>
    public string ConsoleUrl => Host.ConsoleUrl!.ToString();

    public string Origin => Host.BaseUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>The project folder (events/ in it).</summary>
    public string ProjectDirectory => project;

    /// <summary>The history the console keeps (every invoke of any client).</summary>
    public InvokeHistory History => Host.Services.GetRequiredService<InvokeHistory>();

    /// <summary>A new temporary project folder holding events/hello.json copied from the template folder given.</summary>
    protected static string CreateProject(string prefix, string templateFolder)
    {
        var project = Directory.CreateTempSubdirectory(prefix).FullName;
        var events = Directory.CreateDirectory(Path.Combine(project, "events")).FullName;
        File.Copy(Path.Combine(templateFolder, "events", "hello.json"), Path.Combine(events, "hello.json"));
        return project;
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(project, recursive: true);
        GC.SuppressFinalize(this);
    }
}
