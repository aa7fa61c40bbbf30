using System.Text.Json;
using System.Text.Json.Serialization;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Packages;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// The function of the project that runs the emulator (`dotnet run`), as the SDK build describes it in a JSON file.
/// Loading it unpacks function.zip into a fresh scratch folder (removed at exit): the function runs from the same
/// files it would be deployed with, never from the source folder.
/// </summary>
public sealed record FunctionConfig
{
    // All optional but the name and the package: the source-generated reader sets every init property, so
    // defaults are applied in Register, not in initializers.
    public required string FunctionName { get; init; }
    public string? Handler { get; init; }
    public string? Runtime { get; init; }
    public string? Architecture { get; init; }
    public int? Timeout { get; init; }
    public int? MemorySize { get; init; }
    public string? Region { get; init; }

    /// <summary>The function's region, or us-east-1 when the project leaves Region empty (the SDK writes "").</summary>
    public string RegionOrDefault => string.IsNullOrEmpty(Region) ? "us-east-1" : Region;
    public required string PackageZip { get; init; }
    public Dictionary<string, string>? Environment { get; init; }

    public static FunctionConfig Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, FunctionConfigJson.Default.FunctionConfig)
            ?? throw new InvalidDataException($"{path}: empty function configuration");
    }

    /// <summary>Unpacks the package and registers the function with the running emulator.</summary>
    public FunctionDefinition Register(EmulatorHost host)
    {
        if (!File.Exists(PackageZip))
        {
            throw new FileNotFoundException($"function package {PackageZip} not found: build the project first", PackageZip);
        }
        var code = host.Paths.NewScratchFolder("function-" + FunctionName);
        using (var zip = File.OpenRead(PackageZip))
        {
            PackageExtractor.Extract(zip, code);
        }
        var function = new FunctionDefinition
        {
            FunctionName = FunctionName,
            FunctionArn = host.Options.FunctionArn(FunctionName),
            Handler = Handler ?? "function.handler",
            Runtime = Runtime ?? "provided.al2023",
            Architecture = Architecture ?? "x86_64",
            TimeoutSeconds = Timeout is > 0 ? Timeout.Value : 3,
            MemorySizeMb = MemorySize is > 0 ? MemorySize.Value : 128,
            CodeDirectory = code,
            Environment = Environment ?? [],
            RevisionId = Guid.NewGuid().ToString("D"),
        };
        host.Functions.Put(function);
        return function;
    }
}

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(FunctionConfig))]
internal sealed partial class FunctionConfigJson : JsonSerializerContext;
