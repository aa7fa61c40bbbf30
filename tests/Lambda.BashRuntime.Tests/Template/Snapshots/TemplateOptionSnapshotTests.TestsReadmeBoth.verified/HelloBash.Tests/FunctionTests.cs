using System.Reflection;
using Lambda.BashRuntime.Testing;

namespace HelloBash.Tests;

/// <summary>
/// Runs the function in the local Lambda emulator, as Lambda would run it: the function.zip that `dotnet build`
/// wrote, started by bootstrap. Add a test per event your function must handle: put the event in events/ and assert
/// what the function answers.
/// </summary>
public sealed class FunctionTests(FunctionTests.Emulator emulator) : IClassFixture<FunctionTests.Emulator>
{
    private static readonly string FunctionProject = typeof(FunctionTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FunctionProjectDirectory").Value!;

    private readonly LocalLambda _lambda = emulator.Lambda;

    /// <summary>
    /// One emulator for the whole class: xunit makes a new FunctionTests for each test but one Emulator per class,
    /// started before the first test and stopped after the last.
    /// </summary>
    public sealed class Emulator : IAsyncLifetime
    {
        public LocalLambda Lambda { get; private set; } = null!;

        public async Task InitializeAsync() => Lambda = await LocalLambda.StartAsync(FunctionProject);

        public async Task DisposeAsync() => await Lambda.DisposeAsync();
    }

    [Fact]
    public async Task Echoes_the_sample_event()
    {
        var result = await _lambda.InvokeEventFileAsync("events/hello.json");

        // On a failure, the message shows the function's log (result.Log): what it printed on stderr.
        Assert.True(result.FunctionError is null, $"{result.Payload}\n{result.Log}");
        Assert.Equal("Echoing request: '{\"text\":\"Hello\"}'", result.Payload);
    }

    [Fact]
    public async Task Echoes_any_payload_byte_for_byte()
    {
        var result = await _lambda.InvokeAsync("{\"text\": \"two  spaces and a *\"}");

        Assert.Equal("Echoing request: '{\"text\": \"two  spaces and a *\"}'", result.Payload);
    }
}
