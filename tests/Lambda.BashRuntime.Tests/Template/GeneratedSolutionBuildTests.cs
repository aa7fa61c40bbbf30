using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// Projects generated with each non-default option value, built against the packed SDK: the build passes and the
/// function's configuration (obj/lambda-function.json, what the emulator and the deploy targets read) carries the
/// values chosen at `dotnet new`. The --tests solution is built against the LocalLambda contract (see below).
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

    /// <summary>
    /// The API the generated tests call. Its implementation (issue 6, point 4) ships in the SDK package as
    /// Lambda.BashRuntime.Testing.dll once the emulator lands; until then this stub, dropped into the generated test
    /// project, proves that the solution restores, builds and that `dotnet test` finds the tests.
    /// </summary>
    private const string LocalLambdaContract = """
        namespace Lambda.BashRuntime.Testing;

        public sealed record LambdaInvokeResult(int StatusCode, string Payload, string? FunctionError, string Log, string RequestId);

        public sealed class LocalLambda : IAsyncDisposable
        {
            public static Task<LocalLambda> StartAsync(string functionProjectDirectory, CancellationToken cancellationToken = default) => throw new NotImplementedException();
            public string FunctionName => throw new NotImplementedException();
            public Uri Endpoint => throw new NotImplementedException();
            public Task<LambdaInvokeResult> InvokeAsync(string payload, CancellationToken cancellationToken = default) => throw new NotImplementedException();
            public Task<LambdaInvokeResult> InvokeEventFileAsync(string eventFile, CancellationToken cancellationToken = default) => throw new NotImplementedException();
            public ValueTask DisposeAsync() => throw new NotImplementedException();
        }
        """;

    [Fact]
    public async Task Test_project_solution_builds_and_its_tests_are_found()
    {
        var templates = await PackedTemplates.GetAsync();
        var solution = await templates.ScaffoldAsync("Classroom", "--tests");
        File.WriteAllText(Path.Combine(solution, "Classroom.Tests", "LocalLambdaContract.cs"), LocalLambdaContract);

        var build = await templates.DotnetAsync(solution, ["build", "Classroom.sln", "-nologo", "-clp:NoSummary"]);
        Assert.True(build.ExitCode == 0, build.ToString());
        // The function was built first, through the test project's reference: its zips and configuration exist.
        Assert.True(File.Exists(Path.Combine(solution, "Classroom", "bin", "Debug", "function.zip")));
        Assert.True(File.Exists(Path.Combine(solution, "Classroom", "obj", "lambda-function.json")));

        var list = await templates.DotnetAsync(solution, ["test", "Classroom.sln", "--no-build", "--list-tests"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("Classroom.Tests.FunctionTests.Echoes_the_sample_event", list.Output);
        Assert.Contains("Classroom.Tests.FunctionTests.Echoes_any_payload_byte_for_byte", list.Output);
    }
}
