using System.Net;
using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.ControlPlane;

/// <summary>Operations the emulator does not offer are named in a JSON error; paths of no operation are Lambda's UnknownOperationException.</summary>
public sealed class UnsupportedOperationTests : IAsyncLifetime
{
    private TestEmulator _host = null!;

    public async Task InitializeAsync() => _host = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_emulators_table_of_operations_is_the_service_models()
    {
        var model = JsonDocument.Parse(File.ReadAllBytes(ServiceModel.Location)).RootElement.GetProperty("operations").EnumerateObject()
            .Select(o => $"{o.Name} {o.Value.GetProperty("http").GetProperty("method").GetString()} {o.Value.GetProperty("http").GetProperty("requestUri").GetString()!.Split('?')[0]}")
            .Order(StringComparer.Ordinal);
        var table = Lambda.BashRuntime.Emulator.ControlPlane.ServiceOperations.All.Select(o => $"{o.Name} {o.Method} {o.RequestUri}").Order(StringComparer.Ordinal);
        Assert.Equal(model, table);
    }

    [Fact]
    public async Task An_operation_the_emulator_does_not_offer_answers_501_naming_it()
    {
        var response = await new LambdaApi(_host.Http).SendAsync(HttpMethod.Get, "/2015-03-31/event-source-mappings/");

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal("NotImplementedException", Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("ListEventSourceMappings is an operation of the Lambda API that the local Lambda emulator does not offer.",
            body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_path_of_no_operation_is_an_unknown_operation()
    {
        var response = await new LambdaApi(_host.Http).SendAsync(HttpMethod.Get, "/2015-03-31/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException", Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("GET /2015-03-31/nothing-here is not an operation of the Lambda API", body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_cli_prints_which_operation_is_not_offered()
    {
        using var folder = new TempFolder();
        var stderr = await new AwsCli(_host.Endpoint, folder.Path, "us-east-1").LambdaFailsAsync("list-event-source-mappings");

        Assert.Contains("An error occurred (NotImplementedException) when calling the ListEventSourceMappings operation: ListEventSourceMappings is an operation of the Lambda API that the local Lambda emulator does not offer.", stderr);
    }
}
