using Lambda.BashRuntime.Emulator.Packages;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// function.zip built in-process from the project's files, as the SDK's ZipLambdaFunction builds it: the same writer and
/// script normalization (linked from the SDK), so the bytes, and CodeSha256, are those of the next `dotnet build`.
/// Scripts are checked with `bash -n` first, as the build does (LBR025).
/// </summary>
internal static class ProjectPackage
{
    /// <summary>A package, or why there is none (one line, naming the file): <see cref="Missing"/> while a file is absent.</summary>
    public sealed record Result(byte[]? Zip, string? Problem, bool Missing = false);

    public static Result Build(IReadOnlyList<FunctionConfig.SourceFile> files, string projectDirectory, FoundBash bash)
    {
        var entries = new List<LambdaZipEntry>(files.Count);
        foreach (var file in files)
        {
            var shown = Path.GetRelativePath(projectDirectory, file.Path);
            byte[] content;
            try
            {
                content = File.ReadAllBytes(file.Path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // An editor that saves by rename removes the file for a moment: the next event or poll brings it back.
                return new Result(null, $"{shown} is missing: put it back, or remove it from the project and run `dotnet build`.", Missing: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new Result(null, $"Cannot read {shown}: {e.Message}");
            }
            var isScript = ScriptFile.IsScript(file.Name);
            if (isScript)
            {
                content = ScriptFile.Normalize(content);
                if (BashSyntax.Check(content, bash) is { } problem)
                {
                    return new Result(null, BashSyntax.Describe(shown, problem, bash));
                }
            }
            entries.Add(new LambdaZipEntry(file.Name, content, isScript));
        }
        return new Result(LambdaZipWriter.Write(entries), null);
    }
}
