namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>The console's page, style and script: files of WebConsole/Assets embedded in this assembly (no CDN, no build step).</summary>
internal static class ConsoleAssets
{
    private const string Prefix = "WebConsole/";

    public static bool Exists(string name) => typeof(ConsoleAssets).Assembly.GetManifestResourceInfo(Prefix + name) is not null;

    public static string Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new FileNotFoundException($"console asset {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Only the kinds of file the page loads; anything else is not served.</summary>
    public static string? ContentType(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => null,
    };
}
