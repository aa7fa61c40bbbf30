using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// A temporary function package folder: the template's real bootstrap and function.sh (mode 0755), plus any extra
/// handler files a test needs. Also an output folder the handlers may write to (TEST_OUT). Removed on dispose.
/// </summary>
public sealed class FunctionFolder : IDisposable
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    private readonly string _root = Directory.CreateTempSubdirectory("lambda-bash-test-").FullName;

    public FunctionFolder(bool withBootstrap = true, params (string Name, string Text)[] extraFiles)
    {
        Code = Directory.CreateDirectory(Path.Combine(_root, "code")).FullName;
        Output = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        if (withBootstrap)
        {
            Copy(RepoPaths.Bootstrap, Path.Combine(Code, "bootstrap"));
        }
        Copy(RepoPaths.FunctionScript, Path.Combine(Code, "function.sh"));
        foreach (var (name, text) in extraFiles)
        {
            Write(name, text);
        }
    }

    public string Code { get; }

    /// <summary>A folder outside the package for files handlers write (passed as TEST_OUT).</summary>
    public string Output { get; }

    public string Root => _root;

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Code, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Executable);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Copies a file with mode 0755.</summary>
    public static void Copy(string from, string to)
    {
        File.Copy(from, to);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(to, Executable);
        }
    }
}
