namespace Lambda.BashRuntime.Sdk;

/// <summary>The build errors of this SDK. Each has its own code so that it can be searched for and documented.</summary>
internal static class LambdaErrors
{
    public const string MissingBootstrap = "LBR001";
    public const string MissingHandlerFile = "LBR002";
    public const string BootstrapNotBash = "LBR003";
    public const string UnreadableFile = "LBR004";
    public const string InvalidHandler = "LBR005";
    public const string InvalidFunctionName = "LBR006";
    public const string InvalidRuntime = "LBR007";
    public const string InvalidArchitecture = "LBR008";
    public const string InvalidTimeout = "LBR009";
    public const string InvalidMemorySize = "LBR021";
    public const string InvalidRegion = "LBR022";
    public const string InvalidLayerName = "LBR023";
    public const string MissingEvent = "LBR018";
    public const string ScriptSyntaxError = "LBR025";
}
