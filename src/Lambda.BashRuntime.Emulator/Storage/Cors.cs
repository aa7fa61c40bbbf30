namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>A function URL's CORS settings; also stored as they are (see FunctionUrlRecord).</summary>
public sealed record Cors
{
    public bool? AllowCredentials { get; init; }
    public List<string>? AllowHeaders { get; init; }
    public List<string>? AllowMethods { get; init; }
    public List<string>? AllowOrigins { get; init; }
    public List<string>? ExposeHeaders { get; init; }
    public int? MaxAge { get; init; }
}
