namespace Lambda.BashRuntime.Sdk;

/// <summary>
/// Every build error and warning code of this SDK, in one list: the tasks log them from here, and the targets, which
/// cannot read C#, write the same codes as literals (a test checks each literal against this list, and this list
/// against the README's table). A code has one meaning; a new meaning takes the next free number.
/// </summary>
internal static class LambdaErrors
{
    // Checked by the CheckLambdaProject and ZipLambdaPackage tasks on every build.
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
    public const string ScriptSyntaxError = "LBR025";

    // Written by the deploy targets (build/Lambda.BashRuntime.Sdk.Deploy.targets) and the WriteLambdaEvent task.
    public const string AwsCliNotRunnable = "LBR010";
    public const string AwsCliVersion1 = "LBR011";
    public const string AwsCliNoCredentials = "LBR012";
    public const string DeployWithoutRole = "LBR013";
    public const string FunctionLookupFailed = "LBR014";
    public const string LayerHasNoVersion = "LBR015";
    public const string FunctionError = "LBR016";
    public const string DestroyFailed = "LBR017";
    public const string MissingEvent = "LBR018";
    public const string InvokeFunctionNotFound = "LBR019";
    public const string PublicLayerWarning = "LBR020";
    public const string ShareLayerFailed = "LBR024";
    public const string InvokeFailed = "LBR026";
    public const string BashNotUsable = "LBR027";
    public const string FunctionUrlSettingInvalid = "LBR030";
    public const string FunctionUrlCliTooOld = "LBR031";
    public const string FunctionUrlConfigFailed = "LBR032";
    public const string FunctionUrlPolicyFailed = "LBR033";
    public const string InvalidAlias = "LBR040";
}
