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
    public required string FunctionName { get; init; }
    public string Handler { get; init; } = "function.handler";
    public string Runtime { get; init; } = "provided.al2023";
    public string Architecture { get; init; } = "x86_64";
    public int Timeout { get; init; } = 3;
    public int MemorySize { get; init; } = 128;
    public string? Region { get; init; }
    public required string PackageZip { get; init; }
    public Dictionary<string, string> Environment { get; init; } = [];

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
            Handler = Handler,
            Runtime = Runtime,
            Architecture = Architecture,
            TimeoutSeconds = Timeout,
            MemorySizeMb = MemorySize,
            CodeDirectory = code,
            Environment = Environment,
            RevisionId = Guid.NewGuid().ToString("D"),
        };
        host.Functions.Put(function);
        return function;
    }
}

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(FunctionConfig))]
internal sealed partial class FunctionConfigJson : JsonSerializerContext;
