using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// Projects generated with each non-default option value, built against the packed SDK: the build passes and the
/// function's configuration (obj/lambda-function.json, what the emulator and the deploy targets read) carries the
/// values chosen at `dotnet new`. The --tests solution passes `dotnet test`.
/// </summary>
public sealed class GeneratedSolutionBuildTests
{
    public static TheoryData<string[], string, object> Choices() => new()
    {
        { ["--runtime", "provided.al2"], "Runtime", "provided.al2" },
        { ["--architecture", "arm64"], "Architecture", "arm64" },
        { ["--function-name", "hello_bash"], "FunctionName", "hello_bash" },
        { ["--region", "eu-west-1"], "Region", "eu-west-1" },
        { ["--timeout", "900"], "Timeout", 900 },
        { ["--memory-size", "10240"], "MemorySize", 10240 },
    };

    [Theory]
    [MemberData(nameof(Choices))]
    public async Task Project_builds_and_carries_the_chosen_value(string[] options, string property, object expected)
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("Chosen", options);

        var build = await templates.DotnetAsync(project, ["build", "-nologo", "-clp:NoSummary"]);

        Assert.True(build.ExitCode == 0, build.ToString());
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "obj", "lambda-function.json")));
        var value = config.RootElement.GetProperty(property);
        Assert.Equal(expected.ToString(), value.ValueKind == JsonValueKind.Number ? value.GetInt32().ToString() : value.GetString());
    }

    [Theory]
    [InlineData(new string[0], "Chosen")]
    [InlineData(new[] { "--layer-name", "shared-bash" }, "shared-bash")]
    public async Task Layer_name_is_the_function_name_unless_given(string[] options, string expected)
    {
        var templates = await PackedTemplates.GetAsync();
        var project = await templates.ScaffoldAsync("Chosen", options);

        var layer = await templates.DotnetAsync(project, ["msbuild", "-nologo", "-getProperty:LayerName"]);

        Assert.True(layer.ExitCode == 0, layer.ToString());
        Assert.Equal(expected, layer.Output.Trim());
    }

    [Trait("Category", TestBash.Category)] // the solution's own tests run the template's scripts
    [ScriptFact]
    public async Task Test_project_solution_passes_dotnet_test()
    {
        var templates = await PackedTemplates.GetAsync();
        var solution = await templates.ScaffoldAsync("Classroom", "--tests");

        // The tests start the function through LocalLambda (shipped in the SDK package) and assert its answers.
        var test = await templates.DotnetAsync(solution, ["test", "Classroom.sln", "-nologo"], TimeSpan.FromMinutes(5));

        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+2, Skipped:\s+0, Total:\s+2", test.Output);
        // The function was built first, through the test project's reference: its zips and configuration exist.
        Assert.True(File.Exists(Path.Combine(solution, "Classroom", "bin", "Debug", "function.zip")));
    }

    [Trait("Category", TestBash.Category)] // the solution's own tests run the template's scripts
    [ScriptFact]
    public async Task Http_starter_solution_passes_its_own_tests()
    {
        var templates = await PackedTemplates.GetAsync();
        var solution = await templates.ScaffoldAsync("Webhook", "--http", "--tests");

        // The HTTP starter's tests: GET with a query parameter, POST with a body (hostile text byte for byte), the
        // streamed server-sent events of GET /events, a 404.
        var test = await templates.DotnetAsync(solution, ["test", "Webhook.sln", "-nologo"], TimeSpan.FromMinutes(5));

        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+8, Skipped:\s+0, Total:\s+8", test.Output);
        // json.sh went into the zip beside function.sh (the SDK packs every *.sh of the project).
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(solution, "Webhook", "bin", "Debug", "function.zip"));
        Assert.Equal(["bootstrap", "function.sh", "json.sh"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }
}
