namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>
/// A function's LoggingConfig as stored and returned (the model's LoggingConfig shape): LogFormat Text or JSON, the
/// levels (JSON only) and the log group (AWS's default: /aws/lambda/NAME).
/// </summary>
public sealed record LoggingConfigRecord(string LogFormat, string? ApplicationLogLevel, string? SystemLogLevel, string LogGroup)
{
    public const string Text = "Text";
    public const string Json = "JSON";

    /// <summary>What a function created without LoggingConfig has.</summary>
    public static LoggingConfigRecord Default(string functionName) => new(Text, null, null, "/aws/lambda/" + functionName);
}
