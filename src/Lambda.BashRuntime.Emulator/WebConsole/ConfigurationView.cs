using Lambda.BashRuntime.Emulator.ControlPlane;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// A function's configuration as the console's panel shows it: what get-function-configuration and
/// get-function-url-config answer for it, read from the same records. Environment variables are the function's own
/// (the emulator refuses AWS's reserved names such as AWS_ACCESS_KEY_ID in them, as Lambda does); the credentials the
/// emulator hands each execution environment are never part of it.
/// </summary>
internal sealed record ConfigurationView(
    string FunctionName, string FunctionArn, string Description, string Runtime, string Handler, string Architecture,
    int MemorySize, int Timeout, int EphemeralStorage, string CodeSha256, long CodeSize, string LastModified,
    string State, string LastUpdateStatus, string Role, SortedDictionary<string, string> Environment,
    List<ConfigurationLayer> Layers, ConfigurationLogging LoggingConfig, List<ConfigurationUrl> Urls)
{
    public static ConfigurationView Of(FunctionRecord record, string functionArn)
    {
        var configuration = FunctionConfigurations.Of(record, functionArn);
        var logging = configuration.LoggingConfig ?? LoggingConfigRecord.Default(record.FunctionName);
        return new(
            record.FunctionName, functionArn, record.Description, record.Runtime, record.Handler ?? "", record.Architecture,
            record.MemorySize, record.Timeout, record.EphemeralStorage, record.Code.CodeSha256, record.Code.CodeSize,
            configuration.LastModified, configuration.State, configuration.LastUpdateStatus, record.Role,
            new SortedDictionary<string, string>(record.Environment, StringComparer.Ordinal),
            [.. record.Layers.Select(l => new ConfigurationLayer(l.Arn, l.Package.CodeSize))],
            new ConfigurationLogging(logging.LogFormat, logging.ApplicationLogLevel, logging.SystemLogLevel, logging.LogGroup),
            [.. record.Urls.Values.Select(u => new ConfigurationUrl(u.Qualifier, u.Url, u.AuthType, u.InvokeMode, u.Cors is not null))]);
    }
}

internal sealed record ConfigurationLayer(string Arn, long CodeSize);

internal sealed record ConfigurationLogging(string LogFormat, string? ApplicationLogLevel, string? SystemLogLevel, string LogGroup);

/// <param name="Qualifier">"" for the unqualified function, else the alias or $LATEST the URL serves.</param>
/// <param name="HasCors">Whether the URL has a Cors configuration (the browser's rules for other sites' pages).</param>
internal sealed record ConfigurationUrl(string Qualifier, string Url, string AuthType, string InvokeMode, bool HasCors);
