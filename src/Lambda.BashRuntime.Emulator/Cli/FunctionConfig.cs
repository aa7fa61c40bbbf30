using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Cli;

/// <summary>
/// The function of the project that runs the emulator (`dotnet run`), as the SDK build describes it in a JSON file.
/// Registering it creates the function from function.zip through the control plane (unpacked into the emulator's
/// work folder, removed at exit): the function runs from the same files it would be deployed with, never from the
/// source folder. <see cref="Files"/> lists what function.zip is built from, for <see cref="ProjectReloader"/>.
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

    /// <summary>
    /// The function's region; when the project leaves Region empty (the SDK writes ""), the AWS CLI's region, else
    /// us-east-1 (as the SDK's deploy targets resolve it).
    /// </summary>
    public string RegionOrDefault => string.IsNullOrEmpty(Region) ? AwsCliRegion.Find() ?? LambdaRules.DefaultRegion : Region;
    public required string PackageZip { get; init; }

    /// <summary>The project's folder: the web console offers its events/*.json.</summary>
    public string? ProjectDirectory { get; init; }
    public Dictionary<string, string>? Environment { get; init; }

    /// <summary>The project file (absent in configs written before the SDK listed it).</summary>
    public string? ProjectFile { get; init; }

    /// <summary>The files function.zip is built from: full path and name in the zip, as ZipLambdaFunction packs them.</summary>
    public List<SourceFile>? Files { get; init; }

    /// <summary>One file of the function package: where it is, and its name inside the zip.</summary>
    public sealed record SourceFile(string Path, string Name);

    public static FunctionConfig Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, FunctionConfigJson.Default.FunctionConfig)
            ?? throw new InvalidDataException($"{path}: empty function configuration");
    }

    /// <summary>
    /// Creates the function in the running emulator through its control plane, as `aws lambda create-function` would
    /// (or updates its code and configuration when it is there already), so that list-functions, get-function, the
    /// deploy targets and --state-dir see it like any other function. <paramref name="zip"/>: a package built from
    /// the sources (<see cref="ProjectPackage"/>) instead of function.zip. Nothing changes (no new revision, no cold
    /// start) when the code and the configuration are what the function has already.
    /// </summary>
    public FunctionDefinition Register(EmulatorHost host, byte[]? zip = null)
    {
        if (zip is null && !File.Exists(PackageZip))
        {
            throw new FileNotFoundException($"function package {PackageZip} not found: build the project first", PackageZip);
        }
        zip ??= File.ReadAllBytes(PackageZip);
        var functions = host.Services.GetRequiredService<FunctionService>();
        var region = host.Options.Region;
        var environment = new EnvironmentInput(Environment ?? []);
        List<string> architectures = [Architecture ?? LambdaRules.DefaultArchitecture];
        try
        {
            try
            {
                var current = functions.Get(FunctionName, null, region);
                var code = current.Code.CodeSha256 != Convert.ToBase64String(SHA256.HashData(zip)) || current.Architecture != architectures[0]
                    ? new UpdateFunctionCodeRequest { ZipFile = zip, Architectures = architectures }
                    : null;
                var configuration = HasConfiguration(current) ? null : new UpdateFunctionConfigurationRequest
                {
                    Handler = HandlerOrDefault, Runtime = RuntimeOrDefault,
                    Timeout = TimeoutOrDefault, MemorySize = MemorySizeOrDefault, Environment = environment,
                };
                if (code is not null || configuration is not null)
                {
                    functions.Update(FunctionName, code, configuration, region); // one revision for both
                }
            }
            catch (AwsException e) when (e.ErrorType == "ResourceNotFoundException")
            {
                functions.Create(new CreateFunctionRequest
                {
                    FunctionName = FunctionName,
                    Handler = HandlerOrDefault,
                    Runtime = RuntimeOrDefault,
                    Role = $"arn:aws:iam::{host.Options.AccountId}:role/lambda-role",
                    Timeout = TimeoutOrDefault,
                    MemorySize = MemorySizeOrDefault,
                    Environment = environment,
                    Architectures = architectures,
                    Code = new FunctionCodeInput(zip, null, null, null, null),
                }, region);
            }
        }
        catch (Exception e) when (e is AwsException or PackageException)
        {
            throw new InvalidDataException($"the project's function cannot be created: {e.Message}", e);
        }
        return host.Functions.Find(FunctionName)
            ?? throw new InvalidDataException($"the project's function {FunctionName} was not registered");
    }

    // Lambda's defaults for what the config leaves out.
    private string HandlerOrDefault => Handler ?? LambdaRules.DefaultHandler;
    private string RuntimeOrDefault => Runtime ?? LambdaRules.DefaultRuntime;
    private int TimeoutOrDefault => Timeout is > 0 ? Timeout.Value : LambdaRules.DefaultTimeout;
    private int MemorySizeOrDefault => MemorySize is > 0 ? MemorySize.Value : LambdaRules.DefaultMemorySize;

    private bool HasConfiguration(FunctionRecord current)
        => current.Handler == HandlerOrDefault
            && current.Runtime == RuntimeOrDefault
            && current.Timeout == TimeoutOrDefault
            && current.MemorySize == MemorySizeOrDefault
            && current.Environment.Count == (Environment?.Count ?? 0)
            && (Environment ?? []).All(v => current.Environment.GetValueOrDefault(v.Key) == v.Value);
}

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(FunctionConfig))]
internal sealed partial class FunctionConfigJson : JsonSerializerContext;
