using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lambda.BashRuntime.Tests.Infrastructure;
using SdkErrors = Lambda.BashRuntime.Sdk.LambdaErrors;
using SdkRules = Lambda.BashRuntime.Sdk.LambdaRules;
using EmulatorRules = Lambda.BashRuntime.Emulator.LambdaRules;

namespace Lambda.BashRuntime.Tests.Sdk;

/// <summary>
/// The defaults and rules that live in src/Shared/LambdaRules.cs and the LBR codes that live in LambdaErrors.cs:
/// where MSBuild needs a literal (props, targets, the README's table), the literal must say the same.
/// </summary>
public sealed class SharedRulesTests
{
    private static readonly string Build = Path.Combine(RepoPaths.Root, "src", "Lambda.BashRuntime.Sdk", "build");

    private static string PropsDefault(string property)
        => XDocument.Load(Path.Combine(Build, "Lambda.BashRuntime.Sdk.props")).Descendants(property).Single().Value;

    [Fact]
    public void Props_defaults_equal_the_shared_constants()
    {
        Assert.Equal(SdkRules.DefaultHandler, PropsDefault("Handler"));
        Assert.Equal(SdkRules.DefaultRuntime, PropsDefault("Runtime"));
        Assert.Equal(SdkRules.DefaultArchitecture, PropsDefault("Architecture"));
        Assert.Equal(SdkRules.DefaultTimeout.ToString(), PropsDefault("Timeout"));
        Assert.Equal(SdkRules.DefaultMemorySize.ToString(), PropsDefault("MemorySize"));
    }

    [Fact]
    public void Deploy_targets_local_defaults_equal_the_shared_constants()
    {
        var deploy = XDocument.Load(Path.Combine(Build, "Lambda.BashRuntime.Sdk.Deploy.targets"));
        Assert.Equal(SdkRules.DefaultRole, deploy.Descendants("Role").Single().Value);
        // An empty Region is the AWS CLI's (environment, profile), and the shared default only after those.
        Assert.Contains(deploy.Descendants("_LambdaRegion"), r => r.Value == SdkRules.DefaultRegion
            && r.Attribute("Condition")?.Value == "'$(_LambdaRegion)' == ''");
    }

    [Fact]
    public void The_sdk_and_the_emulator_compile_the_same_rules()
    {
        Assert.Equal(SdkRules.Runtimes, EmulatorRules.Runtimes);
        Assert.Equal(SdkRules.LayerArnPattern, EmulatorRules.LayerArnPattern);
        Assert.Equal(SdkRules.FunctionNamePattern, EmulatorRules.FunctionNamePattern);
        Assert.DoesNotContain(SdkRules.DeprecatedRuntime, SdkRules.Runtimes);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:bash-runtime", true)]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:layer:my_layer", true)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:bash-runtime:3", false)]
    [InlineData("arn:aws:lambda:us-east-1:1234:layer:bash-runtime", false)]
    public void Layer_arn_pattern_is_the_api_models(string arn, bool valid)
        => Assert.Equal(valid, Regex.IsMatch(arn, SdkRules.LayerArnPattern));

    private static IReadOnlyDictionary<string, string> Codes() => typeof(SdkErrors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Each_lbr_code_has_one_name_and_one_meaning()
    {
        var codes = Codes();
        Assert.Equal(codes.Count, codes.Values.Distinct().Count());

        // In the targets, every code raised is one of LambdaErrors' codes, and each Error or Warning names one. A code may
        // be raised at several places for one meaning (LBR030: one of the FunctionUrl settings is invalid; LBR019: the
        // function does not exist, for Invoke and FunctionUrl alike); the README's table gives each code its one meaning.
        var raised = Directory.GetFiles(Build, "*.targets")
            .SelectMany(f => XDocument.Load(f).Descendants().Where(e => e.Name.LocalName is "Error" or "Warning"))
            .Select(e => e.Attribute("Code")!.Value)
            .ToList();
        Assert.All(raised, code => Assert.Contains(code, codes.Values));
    }

    [Fact]
    public void Readme_table_lists_exactly_the_lbr_codes()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        var documented = readme.Select(l => Regex.Match(l, @"^\| (LBR\d{3}) \|")).Where(m => m.Success).Select(m => m.Groups[1].Value);

        Assert.Equal(Codes().Values.Order(), documented.Order());
    }
}
