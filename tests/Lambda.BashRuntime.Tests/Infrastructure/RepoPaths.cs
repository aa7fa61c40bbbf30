namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>Absolute paths into this repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Template => Path.Combine(Root, "templates", "bash-runtime");

    public static string Bootstrap => Path.Combine(Template, "bootstrap");

    public static string FunctionScript => Path.Combine(Template, "function.sh");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TemplatePack.csproj")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("TemplatePack.csproj not found above " + AppContext.BaseDirectory);
    }
}
