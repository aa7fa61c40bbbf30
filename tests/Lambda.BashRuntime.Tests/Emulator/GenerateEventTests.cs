using System.Diagnostics;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Events;
using Lambda.BashRuntime.Emulator.Hosting;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>`generate-event KIND` (`dotnet run -- generate-event sqs`): AWS-shaped sample events with the project's region.</summary>
public sealed class GenerateEventTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("generate-event-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Kinds() => [.. SampleEvents.Kinds.Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Event_has_the_field_names_and_JSON_types_of_the_documented_example(string kind)
    {
        using var generated = JsonDocument.Parse(SampleEvents.Generate(kind, "eu-west-1", "111122223333"));
        using var documented = JsonDocument.Parse(DocumentedEvents.Examples[kind]);

        Assert.Equal(Shape(documented.RootElement), Shape(generated.RootElement));
    }

    [Fact]
    public void Every_kind_has_a_documented_example_and_a_documentation_page()
    {
        Assert.Equal(DocumentedEvents.Examples.Keys.Order(), SampleEvents.Kinds.Select(k => k.Name).Order());
        Assert.Equal(["alb", "dynamodb-stream", "function-url", "rest-api", "s3-put", "schedule", "sns", "sqs"], SampleEvents.Kinds.Select(k => k.Name).Order());
        Assert.All(SampleEvents.Kinds, k => Assert.StartsWith("https://docs.aws.amazon.com/", k.Documentation));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Region_and_account_fill_every_placeholder(string kind)
    {
        var json = SampleEvents.Generate(kind, "ap-northeast-1", "111122223333");

        Assert.DoesNotContain("{{", json);
        Assert.Contains("ap-northeast-1", json);
        Assert.DoesNotContain("us-east-1", json);
        if (kind != "s3-put") // S3's example names no account
        {
            Assert.Contains("111122223333", json);
        }
    }

    [Fact]
    public async Task Help_lists_every_kind_with_its_description()
    {
        var (code, stdout, _) = await RunAsync("generate-event", "--help");

        Assert.Equal(0, code);
        foreach (var kind in SampleEvents.Kinds)
        {
            Assert.Contains($"{kind.Name}", stdout);
            Assert.Contains(kind.Description, stdout);
        }
    }

    [Fact]
    public async Task Region_comes_from_the_projects_run_config_and_the_event_goes_to_stdout()
    {
        var config = Path.Combine(_folder, "lambda-function.json");
        File.WriteAllText(config, """{"FunctionName":"f","Region":"eu-central-1","PackageZip":"function.zip"}""");

        var (code, stdout, stderr) = await RunAsync("--function-config", config, "generate-event", "sqs");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var record = json.RootElement.GetProperty("Records")[0];
        Assert.Equal("eu-central-1", record.GetProperty("awsRegion").GetString());
        Assert.Equal("arn:aws:sqs:eu-central-1:123456789012:my-queue", record.GetProperty("eventSourceARN").GetString());
    }

    [Fact]
    public async Task Options_override_the_region_and_account()
    {
        var (code, stdout, stderr) = await RunAsync("generate-event", "schedule", "--region", "sa-east-1", "--account-id", "210987654321");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("sa-east-1", json.RootElement.GetProperty("region").GetString());
        Assert.Equal("210987654321", json.RootElement.GetProperty("account").GetString());
    }

    [Fact]
    public async Task Output_file_is_written_and_never_overwritten_without_force()
    {
        var file = Path.Combine(_folder, "events", "url.json");

        var first = await RunAsync("generate-event", "function-url", "--output", file);
        File.WriteAllText(file, "mine");
        var second = await RunAsync("generate-event", "function-url", "--output", file);
        var kept = File.ReadAllText(file);
        var forced = await RunAsync("generate-event", "function-url", "--output", file, "--force");

        Assert.Equal(0, first.Code);
        Assert.Equal("", first.StdOut);
        Assert.Equal(2, second.Code);
        Assert.Contains("exists; add --force to overwrite it", second.StdErr);
        Assert.Equal("mine", kept);
        Assert.Equal(0, forced.Code);
        Assert.Equal("2.0", JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Output_through_a_symbolic_link_is_refused_even_with_force()
    {
        var outside = Path.Combine(_folder, "outside.txt");
        File.WriteAllText(outside, "not yours to overwrite");
        Directory.CreateDirectory(Path.Combine(_folder, "events"));
        var link = Path.Combine(_folder, "events", "sqs.json");
        File.CreateSymbolicLink(link, outside);
        var dangling = Path.Combine(_folder, "events", "dangling.json");
        File.CreateSymbolicLink(dangling, Path.Combine(_folder, "created-through-the-link.json"));

        var forced = await RunAsync("generate-event", "sqs", "--output", link, "--force");
        var throughDangling = await RunAsync("generate-event", "sqs", "--output", dangling);

        Assert.Equal(2, forced.Code);
        Assert.Contains($"{link} is a symbolic link (to {outside}); generate-event does not write through it", forced.StdErr);
        Assert.Equal("not yours to overwrite", File.ReadAllText(outside));
        Assert.Equal(2, throughDangling.Code);
        Assert.False(File.Exists(Path.Combine(_folder, "created-through-the-link.json")));
    }

    [Theory]
    [InlineData(new[] { "generate-event", "kinesis" }, "Argument 'kinesis' not recognized. Must be one of:")]
    [InlineData(new[] { "generate-event", "sqs", "--region", "Europe" }, "'Europe' is not an AWS region name")]
    [InlineData(new[] { "generate-event", "sqs", "--account-id", "42" }, "'42' is not an AWS account id: 12 digits")]
    public async Task Bad_input_is_refused_saying_what_is_wrong(string[] arguments, string message)
    {
        var (code, stdout, stderr) = await RunAsync(arguments);

        Assert.NotEqual(0, code);
        Assert.Contains(message, stdout + stderr);
    }

    /// <summary>Every path of the JSON with its value's type, array elements as [] (null matches null only).</summary>
    private static List<string> Shape(JsonElement element, string path = "$")
    {
        var shape = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                shape.Add($"{path}: object");
                foreach (var property in element.EnumerateObject())
                {
                    shape.AddRange(Shape(property.Value, $"{path}.{property.Name}"));
                }
                break;
            case JsonValueKind.Array:
                shape.Add($"{path}: array");
                foreach (var item in element.EnumerateArray().Take(1))
                {
                    shape.AddRange(Shape(item, $"{path}[]"));
                }
                break;
            case JsonValueKind.True or JsonValueKind.False:
                shape.Add($"{path}: boolean");
                break;
            default:
                shape.Add($"{path}: {element.ValueKind.ToString().ToLowerInvariant()}");
                break;
        }
        shape.Sort(StringComparer.Ordinal);
        return shape;
    }

    private static async Task<(int Code, string StdOut, string StdErr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["exec", typeof(EmulatorHost).Assembly.Location, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
