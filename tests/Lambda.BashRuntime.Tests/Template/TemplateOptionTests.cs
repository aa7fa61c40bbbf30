using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// The options' values as the project file receives them, and what `dotnet new` itself does with a bad value: a value
/// that is not a choice, or not an integer, is refused with the engine's message and exit code 127; free text is made
/// valid by the template (function and layer names); numbers out of Lambda's range pass through to the build.
/// </summary>
public sealed class TemplateOptionTests
{
    private static async Task<CommandResult> NewAsync(PackedTemplates templates, params string[] options)
    {
        var output = Path.Combine(templates.WorkRoot, "projects", $"bad-{Guid.NewGuid().ToString("N")[..8]}");
        return await templates.DotnetNewAsync(["bash-runtime", "-n", "Bad", "-o", output, .. options, "--no-update-check"]);
    }

    private static async Task<string> ProjectFileAsync(string name, params string[] options)
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync(name, options);
        return File.ReadAllText(Path.Combine(project, name + ".csproj"));
    }

    [Theory]
    [InlineData("--runtime", "provided", "'provided' is not a valid value for --runtime. The possible values are:")]
    [InlineData("--architecture", "arm", "'arm' is not a valid value for --architecture. The possible values are:")]
    [InlineData("--readme-language", "fr", "'fr' is not a valid value for --readme-language. The possible values are:")]
    [InlineData("--timeout", "ten", "Cannot parse argument 'ten' for option '--timeout' as expected type 'Int64'.")]
    [InlineData("--memory-size", "1GB", "Cannot parse argument '1GB' for option '--memory-size' as expected type 'Int64'.")]
    public async Task Engine_refuses_a_value_that_is_not_a_choice_or_not_an_integer(string option, string value, string message)
    {
        var templates = await PackedTemplates.GetAsync();

        var result = await NewAsync(templates, option, value);

        Assert.True(result.ExitCode == 127, result.ToString());
        Assert.Contains(message, result.Output + result.Error);
    }

    [Fact]
    public async Task Refused_choice_lists_the_valid_values_with_their_descriptions()
    {
        var templates = await PackedTemplates.GetAsync();

        var result = await NewAsync(templates, "--runtime", "provided");

        Assert.Contains("provided.al2023   - Amazon Linux 2023 (provided.al2023), the current OS-only runtime.", result.Output + result.Error);
        Assert.Contains("provided.al2      - Amazon Linux 2 (provided.al2), for tools that still need it.", result.Output + result.Error);
    }

    [Fact]
    public async Task Defaults_are_written_into_the_project_file()
    {
        var csproj = await ProjectFileAsync("Defaults");

        Assert.Contains("<FunctionName>Defaults</FunctionName>", csproj);
        Assert.Contains("<Runtime>provided.al2023</Runtime>", csproj);
        Assert.Contains("<Architecture>x86_64</Architecture>", csproj);
        Assert.Contains("<Timeout>3</Timeout>", csproj);
        Assert.Contains("<MemorySize>128</MemorySize>", csproj);
        Assert.Contains("<Region></Region>", csproj); // the AWS CLI's configured region applies
        Assert.Contains("<LayerName>$(FunctionName)</LayerName>", csproj); // follows a later change of FunctionName
    }

    [Theory]
    [InlineData("", "Named")] // empty: the project name
    [InlineData("my function.v2", "my-function-v2")]
    [InlineData("héllo", "h-llo")]
    [InlineData("a-function-name-of-seventy-characters-is-cut-to-the-sixty-four-Lambda", "a-function-name-of-seventy-characters-is-cut-to-the-sixty-four-L")]
    public async Task Function_name_is_made_valid_for_Lambda(string given, string written)
    {
        var csproj = await ProjectFileAsync("Named", "--function-name", given);

        Assert.Contains($"<FunctionName>{written}</FunctionName>", csproj);
        Assert.Matches("^[A-Za-z0-9_-]{1,64}$", written);
    }

    [Fact]
    public async Task Project_name_longer_than_64_characters_gives_a_64_character_function_name()
    {
        var name = new string('p', 70);
        var csproj = await ProjectFileAsync(name);

        Assert.Contains($"<FunctionName>{new string('p', 64)}</FunctionName>", csproj);
    }

    [Fact]
    public async Task Layer_name_is_made_valid_for_Lambda()
    {
        var csproj = await ProjectFileAsync("Layered", "--layer-name", "shared bash/runtime");

        Assert.Contains("<LayerName>shared-bash-runtime</LayerName>", csproj);
    }

    [Fact]
    public async Task Numbers_out_of_Lambdas_range_are_left_to_the_build_to_refuse()
    {
        // The engine has no range check for integers: these values reach the project file as given.
        var csproj = await ProjectFileAsync("OutOfRange", "--timeout", "0", "--memory-size", "64");

        Assert.Contains("<Timeout>0</Timeout>", csproj);
        Assert.Contains("<MemorySize>64</MemorySize>", csproj);
    }

    /// <summary>
    /// The build-time checks the engine cannot make (it prints no custom message for free text or integer ranges),
    /// proposed for CheckLambdaProject in the SDK, so that a bad value given to `dotnet new` or typed into the project
    /// file later fails the first `dotnet build` with a clear message instead of Lambda's, after an upload.
    /// </summary>
    [Theory]
    [InlineData("FunctionName", "my function", "LBR006")]
    [InlineData("FunctionName", "a-name-that-is-longer-than-sixty-four-characters-is-refused-by-Lambda", "LBR006")]
    [InlineData("Runtime", "provided", "LBR007")]
    [InlineData("Architecture", "arm", "LBR008")]
    [InlineData("Timeout", "0", "LBR009")]
    [InlineData("Timeout", "901", "LBR009")]
    [InlineData("MemorySize", "127", "LBR021")]
    [InlineData("MemorySize", "10241", "LBR021")]
    [InlineData("Region", "Europe", "LBR022")]
    [InlineData("LayerName", "my layer", "LBR023")]
    public async Task Setting_out_of_Lambdas_rules_fails_the_build(string property, string value, string code)
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("Checked");

        var build = await templates.DotnetAsync(project, ["build", "-nologo", "-clp:NoSummary", $"-p:{property}={value}"]);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"error {code}", build.Output);
        Assert.Contains($"{property} '{value}'", build.Output);
    }

    [Fact]
    public async Task Help_lists_every_option_with_its_alias_type_and_default()
    {
        var templates = await PackedTemplates.GetAsync();

        var help = await templates.DotnetNewAsync(["bash-runtime", "--help"]);

        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var option in new[]
                 {
                     "-fn, --function-name <function-name>", "-rt, --runtime <choice>", "-ar, --architecture <choice>",
                     "-rg, --region <region>", "-ln, --layer-name <layer-name>", "-to, --timeout <timeout>",
                     "-ms, --memory-size <memory-size>", "-ts, --tests", "-ht, --http", "-rl, --readme-language <choice>", "--no-restore",
                     "Default: provided.al2023", "Default: x86_64", "Default: 3", "Default: 128", "Default: en",
                 })
        {
            Assert.Contains(option, help.Output);
        }
    }
}
