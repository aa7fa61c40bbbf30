using System.Security.Cryptography;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.FunctionUrls;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// Function URLs (2021-10-31): create, look up, change, list and delete, one per qualifier. A new URL gets a free
/// loopback port, kept in its config; its server is started before the config is stored and stopped if storing fails.
/// </summary>
public sealed class FunctionUrlService(ControlPlaneState state, FunctionService functions, FunctionUrlServers servers)
{
    public async Task<(FunctionRecord Function, FunctionUrlRecord Url)> CreateAsync(
        string nameOrArn, string? qualifier, CreateFunctionUrlConfigRequest request, string region)
    {
        var authType = FunctionUrlValidation.AuthType(request.AuthType);
        var invokeMode = request.InvokeMode is null ? FunctionUrlValidation.Buffered : FunctionUrlValidation.InvokeMode(request.InvokeMode);
        var cors = FunctionUrlValidation.Cors(request.Cors);
        var (function, key) = Find(state.Current, nameOrArn, qualifier, region);
        if (function.Urls.ContainsKey(key))
        {
            throw Exists(function, key);
        }
        var port = await servers.StartAsync(new FunctionUrlTarget(function.FunctionName, key, function.Region), 0, authType);
        try
        {
            return state.Update(snapshot =>
            {
                var (current, _) = Find(snapshot, nameOrArn, qualifier, region);
                if (current.Urls.ContainsKey(key))
                {
                    throw Exists(current, key);
                }
                var now = DateTimeOffset.UtcNow;
                var url = new FunctionUrlRecord
                {
                    Qualifier = key,
                    UrlId = NewUrlId(),
                    Port = port,
                    AuthType = authType,
                    Cors = cors,
                    InvokeMode = invokeMode,
                    CreationTime = now,
                    LastModifiedTime = now,
                };
                return (With(snapshot, current with { Urls = current.Urls.SetItem(key, url) }), (current, url));
            });
        }
        catch
        {
            servers.Retire(port);
            throw;
        }
    }

    public (FunctionRecord Function, FunctionUrlRecord Url) Get(string nameOrArn, string? qualifier, string region)
    {
        var (function, key) = Find(state.Current, nameOrArn, qualifier, region);
        return (function, UrlOf(function, key));
    }

    public IReadOnlyList<FunctionUrlRecord> List(string nameOrArn, string region)
        => [.. Find(state.Current, nameOrArn, null, region).Function.Urls.Values];

    public (FunctionRecord Function, FunctionUrlRecord Url) Update(string nameOrArn, string? qualifier, UpdateFunctionUrlConfigRequest request, string region)
    {
        var authType = request.AuthType is null ? null : FunctionUrlValidation.AuthType(request.AuthType);
        var invokeMode = request.InvokeMode is null ? null : FunctionUrlValidation.InvokeMode(request.InvokeMode);
        var cors = FunctionUrlValidation.Cors(request.Cors);
        return state.Update(
            snapshot =>
            {
                var (function, key) = Find(snapshot, nameOrArn, qualifier, region);
                var current = UrlOf(function, key);
                var url = current with
                {
                    AuthType = authType ?? current.AuthType,
                    InvokeMode = invokeMode ?? current.InvokeMode,
                    Cors = request.Cors is null ? current.Cors : cors,
                    LastModifiedTime = DateTimeOffset.UtcNow,
                };
                return (With(snapshot, function with { Urls = function.Urls.SetItem(key, url) }), (function, url));
            },
            committed: result => servers.SetAuthType(result.url.Port, result.url.AuthType));
    }

    public void Delete(string nameOrArn, string? qualifier, string region)
    {
        state.Update(
            snapshot =>
            {
                var (function, key) = Find(snapshot, nameOrArn, qualifier, region);
                var url = UrlOf(function, key);
                return (With(snapshot, function with { Urls = function.Urls.Remove(key) }), url);
            },
            committed: url => servers.Retire(url.Port));
    }

    /// <summary>The ARN a URL config answers: the function's, with ":qualifier" for a qualified URL.</summary>
    public string Arn(FunctionRecord function, FunctionUrlRecord url)
        => functions.Arn(function) + (url.Qualifier.Length == 0 ? "" : ":" + url.Qualifier);

    private (FunctionRecord Function, string Key) Find(ControlPlaneSnapshot snapshot, string nameOrArn, string? qualifier, string region)
    {
        var parsed = FunctionNames.Parse(nameOrArn);
        var function = functions.Find(snapshot, parsed.Name, null, region);
        return (function, FunctionUrlValidation.Qualifier(qualifier ?? parsed.Qualifier, functions.Arn(function), function.Aliases.Keys.ToHashSet(StringComparer.Ordinal)));
    }

    private FunctionUrlRecord UrlOf(FunctionRecord function, string key)
        => function.Urls.GetValueOrDefault(key) ?? throw AwsException.ResourceNotFound(
            $"The resource you requested does not exist. Function {functions.Arn(function)}{(key.Length == 0 ? "" : ":" + key)} has no URL: create one with create-function-url-config.");

    private AwsException Exists(FunctionRecord function, string key) => AwsException.ResourceConflict(
        $"Failed to create function url config for [functionArn = {functions.Arn(function)}{(key.Length == 0 ? "" : ":" + key)}]. Error message:  FunctionUrlConfig exists for this Lambda function. Change it with update-function-url-config, or delete it first.");

    private static ControlPlaneSnapshot With(ControlPlaneSnapshot snapshot, FunctionRecord function)
        => snapshot with { Functions = snapshot.Functions.SetItem(function.Key, function) };

    /// <summary>32 lower-case letters and digits, like the id in https://URLID.lambda-url.REGION.on.aws.</summary>
    private static string NewUrlId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 32);
}
