// Linked into the SDK's tasks (netstandard2.0) and the emulator (net10.0): each default and each rule of Lambda's API
// that both check has its home here. The SDK's build/*.props restate the defaults as MSBuild literals; a test checks
// that they equal these. Where our two sides once disagreed, the rule AWS enforces is the one kept.
using System.Collections.Generic;

#if LAMBDA_BASHRUNTIME_SDK
namespace Lambda.BashRuntime.Sdk;
#else
namespace Lambda.BashRuntime.Emulator;
#endif

/// <summary>Lambda's defaults and rules for a function and a layer, as CreateFunction and PublishLayerVersion apply them.</summary>
internal static class LambdaRules
{
    /// <summary>"file.function": the bootstrap sources file.sh and calls function; Lambda passes it as _HANDLER.</summary>
    public const string DefaultHandler = "function.handler";

    /// <summary>Lambda's own defaults: 3 seconds, 128 MB.</summary>
    public const int DefaultTimeout = 3;
    public const int MinTimeout = 1;
    public const int MaxTimeout = 900;
    public const int DefaultMemorySize = 128;
    public const int MinMemorySize = 128;
    public const int MaxMemorySize = 10240;

    /// <summary>Lambda's default /tmp size (EphemeralStorage), in MB.</summary>
    public const int DefaultEphemeralStorage = 512;
    public const int MinEphemeralStorage = 512;
    public const int MaxEphemeralStorage = 10240;

    /// <summary>The OS-only runtimes a new function may use; the first is the current one.</summary>
    public const string DefaultRuntime = "provided.al2023";
    public static readonly IReadOnlyList<string> Runtimes = new[] { "provided.al2023", "provided.al2" };

    /// <summary>
    /// The bash each runtime's image has (Amazon Linux 2023: bash 5.2.15; Amazon Linux 2: bash 4.2.46), for the
    /// emulator's warning when the local bash differs in major version; null for a runtime not listed.
    /// </summary>
    public static (int Major, string Version)? RuntimeBash(string runtime) => runtime switch
    {
        "provided.al2023" => (5, "5.2"),
        "provided.al2" => (4, "4.2"),
        _ => null,
    };

    /// <summary>Amazon Linux 1: deprecated; AWS refuses it in CreateFunction and UpdateFunctionConfiguration.</summary>
    public const string DeprecatedRuntime = "provided";

    /// <summary>What AWS answers (InvalidParameterValueException) to a deprecated runtime.</summary>
    public const string DeprecatedRuntimeMessage =
        "The runtime parameter of provided is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.";

    public const string DefaultArchitecture = "x86_64";
    public static readonly IReadOnlyList<string> Architectures = new[] { "x86_64", "arm64" };

    /// <summary>A function's name (not its ARN): 1 to 64 letters, digits, hyphens or underscores.</summary>
    public const string FunctionNamePattern = "^[a-zA-Z0-9_-]{1,64}$";

    /// <summary>A layer's name (not its ARN): 1 to 140 letters, digits, hyphens or underscores.</summary>
    public const string LayerNamePattern = "^[a-zA-Z0-9_-]{1,140}$";

    /// <summary>A layer ARN, as the Lambda API's model (shape LayerArn) defines it; groups region, account and name.</summary>
    public const string LayerArnPattern =
        @"^arn:[a-zA-Z0-9-]+:lambda:(?<region>[a-zA-Z0-9-]+):(?<account>\d{12}):layer:(?<name>[a-zA-Z0-9_-]+)$";

    /// <summary>A layer version ARN (shape LayerVersionArn): a layer ARN and ":version".</summary>
    public const string LayerVersionArnPattern =
        @"^arn:[a-zA-Z0-9-]+:lambda:(?<region>[a-zA-Z0-9-]+):(?<account>\d{12}):layer:(?<name>[a-zA-Z0-9_-]+):(?<version>[0-9]+)$";

    /// <summary>An AWS region name such as us-east-1, eu-west-1 or us-gov-west-1.</summary>
    public const string RegionPattern = @"^[a-z]{2}(-gov)?-[a-z]+-\d$";

    /// <summary>The region when none is configured: the AWS CLI's own fallback for local endpoints.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>An AWS account id: 12 digits.</summary>
    public const string AccountIdPattern = @"^\d{12}$";

    /// <summary>The account of a local endpoint: the placeholder account of AWS's documentation.</summary>
    public const string DefaultAccountId = "123456789012";

    /// <summary>The execution role a local endpoint is given when the project names none.</summary>
    public const string DefaultRole = "arn:aws:iam::" + DefaultAccountId + ":role/lambda-role";
}
