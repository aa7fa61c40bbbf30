using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.FunctionUrls;
using Lambda.BashRuntime.Emulator.Layers;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// Creates, changes and deletes functions. Every change is checked, unpacked into a new revision folder, persisted,
/// and only then published to the <see cref="FunctionRegistry"/> the invoke side reads.
/// </summary>
public sealed class FunctionService(
    ControlPlaneState state,
    ControlPlaneOptions options,
    LayerService layers,
    FunctionMaterializer materializer,
    FunctionRegistry registry,
    FunctionUrlServers urlServers)
{
    public FunctionRecord Create(CreateFunctionRequest request, string region)
    {
        var name = FunctionValidation.Name(request.FunctionName, options.AccountId);
        if (request.PackageType is not (null or "Zip"))
        {
            throw AwsException.InvalidParameter($"PackageType {request.PackageType} is not supported by the emulator: use Zip.");
        }
        var runtime = FunctionValidation.Runtime(request.Runtime);
        var role = FunctionValidation.Role(request.Role);
        var timeout = FunctionValidation.Timeout(request.Timeout ?? LambdaRules.DefaultTimeout);
        var memory = FunctionValidation.MemorySize(request.MemorySize ?? LambdaRules.DefaultMemorySize);
        var ephemeralStorage = FunctionValidation.EphemeralStorage(request.EphemeralStorage?.Size ?? LambdaRules.DefaultEphemeralStorage);
        var environment = FunctionValidation.Environment(request.Environment?.Variables);
        var architecture = FunctionValidation.Architecture(request.Architectures, LambdaRules.DefaultArchitecture);
        var logging = LoggingConfigValidation.Apply(request.LoggingConfig, null, name);
        var code = request.Code ?? throw AwsException.InvalidParameter("Code is required: pass --zip-file fileb://function.zip.");
        var (zip, codeSha256, unpacked) = PackageValidation.Read(code.ZipFile, code.S3Bucket, code.ImageUri);
        return Commit(snapshot =>
        {
            if (snapshot.Functions.ContainsKey(name))
            {
                throw AwsException.ResourceConflict(
                    $"Function already exist: {name}. Change it with update-function-code or update-function-configuration, or delete it first.");
            }
            return new FunctionRecord
            {
                FunctionName = name,
                Region = region,
                Runtime = runtime,
                Role = role,
                Handler = request.Handler,
                Description = request.Description ?? "",
                Timeout = timeout,
                MemorySize = memory,
                EphemeralStorage = ephemeralStorage,
                Architecture = architecture,
                Environment = environment,
                Logging = logging,
                Layers = layers.Resolve(snapshot, request.Layers ?? []),
                Code = new PackageInfo(state.Blobs.Put(zip), codeSha256, zip.LongLength, unpacked),
                LastModified = DateTimeOffset.UtcNow,
                RevisionId = Guid.NewGuid().ToString(),
            };
        });
    }

    public FunctionRecord Get(string nameOrArn, string? qualifier, string region) => Find(state.Current, nameOrArn, qualifier, region);

    /// <summary>Every function, in name order.</summary>
    public IReadOnlyList<FunctionRecord> List() => [.. state.Current.Functions.Values];

    public FunctionRecord UpdateConfiguration(string nameOrArn, UpdateFunctionConfigurationRequest request, string region)
        => Update(nameOrArn, code: null, request, region);

    public FunctionRecord UpdateCode(string nameOrArn, UpdateFunctionCodeRequest request, string region)
        => Update(nameOrArn, request, configuration: null, region);

    /// <summary>
    /// Code, configuration or both in one change: one new revision (a reloaded project whose code and settings both
    /// changed makes one cold start, not two). A code request with DryRun checks and answers without storing.
    /// </summary>
    public FunctionRecord Update(
        string nameOrArn, UpdateFunctionCodeRequest? code, UpdateFunctionConfigurationRequest? configuration, string region)
    {
        var package = code is null ? default((byte[] Zip, string CodeSha256, long UnpackedSize)?)
            : PackageValidation.Read(code.ZipFile, code.S3Bucket, code.ImageUri, "ZipFile");
        FunctionRecord Build(ControlPlaneSnapshot snapshot, string blobId)
        {
            var current = Find(snapshot, nameOrArn, null, region);
            FunctionValidation.Revision(code?.RevisionId, current);
            FunctionValidation.Revision(configuration?.RevisionId, current);
            var next = configuration is null ? current : Configure(snapshot, current, configuration);
            if (package is var (zip, codeSha256, unpacked))
            {
                next = next with
                {
                    Architecture = FunctionValidation.Architecture(code!.Architectures, current.Architecture),
                    Code = new PackageInfo(blobId, codeSha256, zip.LongLength, unpacked),
                };
            }
            return next with { LastModified = DateTimeOffset.UtcNow, RevisionId = Guid.NewGuid().ToString() };
        }
        if (code?.DryRun == true)
        {
            var preview = Build(state.Current, "");
            FunctionValidation.TotalSize(preview);
            return preview;
        }
        return Commit(snapshot => Build(snapshot, package is { } stored ? state.Blobs.Put(stored.Zip) : ""));
    }

    /// <summary>UpdateFunctionConfiguration's members over the current record: what the request leaves out stays.</summary>
    private FunctionRecord Configure(ControlPlaneSnapshot snapshot, FunctionRecord current, UpdateFunctionConfigurationRequest request)
        => current with
        {
            Role = request.Role is null ? current.Role : FunctionValidation.Role(request.Role),
            Handler = request.Handler ?? current.Handler,
            Description = request.Description ?? current.Description,
            Timeout = request.Timeout is { } timeout ? FunctionValidation.Timeout(timeout) : current.Timeout,
            MemorySize = request.MemorySize is { } memory ? FunctionValidation.MemorySize(memory) : current.MemorySize,
            EphemeralStorage = request.EphemeralStorage is { } storage
                ? FunctionValidation.EphemeralStorage(storage.Size ?? LambdaRules.DefaultEphemeralStorage) : current.EphemeralStorage,
            Environment = request.Environment is { } environment ? FunctionValidation.Environment(environment.Variables) : current.Environment,
            Runtime = request.Runtime is null ? current.Runtime : FunctionValidation.Runtime(request.Runtime),
            Logging = LoggingConfigValidation.Apply(request.LoggingConfig, current.Logging, current.FunctionName),
            // Only a configuration that names layers is checked against the live versions: a function whose
            // layer version was deleted since keeps it until its layer list is changed.
            Layers = request.Layers is null ? current.Layers : layers.Resolve(snapshot, request.Layers),
        };

    public void Delete(string nameOrArn, string? qualifier, string region)
    {
        state.Update(
            snapshot =>
            {
                var current = Find(snapshot, nameOrArn, qualifier, region);
                return (snapshot with { Functions = snapshot.Functions.Remove(current.FunctionName) }, current);
            },
            committed: deleted =>
            {
                registry.Remove(deleted.FunctionName);
                materializer.Retire(deleted.FunctionName, keepRevision: null);
                foreach (var url in deleted.Urls.Values)
                {
                    urlServers.Retire(url.Port); // its URLs go with it, as on AWS
                }
            });
    }

    /// <summary>
    /// Publishes every stored function (start-up with a state directory); each is unpacked at its first invoke, so a
    /// start costs no unpacking however many functions the state holds.
    /// </summary>
    public void RestoreAll()
    {
        foreach (var record in state.Current.Functions.Values)
        {
            registry.Put(materializer.Deferred(record));
            materializer.RemoveLeftovers(record.FunctionName, record.RevisionId);
        }
    }

    public string Arn(FunctionRecord record) => AwsFormat.FunctionArn(record.Region, options.AccountId, record.FunctionName);

    private FunctionRecord Commit(Func<ControlPlaneSnapshot, FunctionRecord> build)
    {
        FunctionDefinition? unpacked = null;
        try
        {
            return state.Update(
                snapshot =>
                {
                    var record = build(snapshot);
                    FunctionValidation.TotalSize(record);
                    // Unpacking sees what reading the zip's directory cannot: corrupt data, links that escape once unpacked.
                    var definition = unpacked = materializer.Materialize(record);
                    return (snapshot with { Functions = snapshot.Functions.SetItem(record.FunctionName, record) }, (record, definition));
                },
                committed: result =>
                {
                    unpacked = null;
                    registry.Put(result.definition);
                    materializer.Retire(result.record.FunctionName, result.record.RevisionId);
                }).record;
        }
        finally
        {
            unpacked?.Folder?.Retire(); // unpacked, then not stored (the disk full, say): nobody will run it
        }
    }

    internal FunctionRecord Find(ControlPlaneSnapshot snapshot, string nameOrArn, string? qualifier, string region)
    {
        if (FunctionNames.Unreachable(nameOrArn, options.AccountId, region) is { } unreachable)
        {
            throw AwsException.ResourceNotFound(unreachable);
        }
        var parsed = FunctionNames.Parse(nameOrArn);
        qualifier ??= parsed.Qualifier;
        var arn = AwsFormat.FunctionArn(region, options.AccountId, parsed.Name);
        if (snapshot.Functions.GetValueOrDefault(parsed.Name) is not { } record)
        {
            throw AwsException.ResourceNotFound($"Function not found: {arn}. Create it with create-function, or check the name with list-functions.");
        }
        if (qualifier is not (null or "$LATEST"))
        {
            throw AwsException.ResourceNotFound(
                $"Function not found: {Arn(record)}:{qualifier}. The emulator serves only $LATEST: drop the qualifier.");
        }
        return record;
    }
}
