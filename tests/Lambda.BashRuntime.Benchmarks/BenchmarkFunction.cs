using Lambda.BashRuntime.Sdk;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>One function under test: the files of its package, zipped as the SDK zips them, and its config file.</summary>
public sealed record BenchmarkFunction(string Name, string Description, string Handler, IReadOnlyList<string> Files)
{
    /// <summary>Writes function.zip and the emulator's config file into <paramref name="directory"/>; returns the config path.</summary>
    public string WritePackage(string directory)
    {
        Directory.CreateDirectory(directory);
        var zip = Path.Combine(directory, "function.zip");
        File.WriteAllBytes(zip, LambdaZipWriter.Write(Files.Select(f =>
        {
            var name = Path.GetFileName(f);
            var script = ScriptFile.IsScript(name) || name.EndsWith(".js", StringComparison.Ordinal);
            return new LambdaZipEntry(name, File.ReadAllBytes(f), script);
        })));
        var config = Path.Combine(directory, "lambda-function.json");
        File.WriteAllText(config, $$"""
            {"FunctionName":"{{Name}}","Handler":"{{Handler}}","Runtime":"provided.al2023","Architecture":"x86_64",
             "Timeout":30,"MemorySize":128,"Region":"us-east-1","PackageZip":"{{zip}}","Environment":{ } }
            """);
        return config;
    }
}
