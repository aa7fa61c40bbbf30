using System.Net;
using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// A function's configured variables as Lambda treats them ("Defined runtime environment variables"): reserved keys
/// refused by name with Lambda's message, LANG, PATH and LD_LIBRARY_PATH the function's own when it sets them.
/// </summary>
public sealed class FunctionEnvironmentTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private LambdaApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _api = new LambdaApi(_emulator.Http, "us-east-1");
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData("TZ")]
    [InlineData("AWS_REGION")]
    [InlineData("AWS_SESSION_TOKEN")]
    [InlineData("_HANDLER")]
    public async Task A_reserved_key_is_refused_with_Lambdas_message_naming_it(string key)
    {
        using var response = await _api.SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = "reserved",
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = "function.handler",
            Code = new { ZipFile = Zip() },
            Environment = new { Variables = new Dictionary<string, string> { [key] = "x", ["MINE"] = "y" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("InvalidParameterValueException", Header(response, "X-Amzn-ErrorType"));
        Assert.EndsWith("contains reserved keys that are currently not supported for modification. Reserved keys used in this request: " + key,
            body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task LANG_PATH_and_LD_LIBRARY_PATH_set_by_the_function_are_what_its_runtime_gets()
    {
        await _api.CreateFunctionAsync("extended", Zip());
        using var update = await _api.SendAsync(HttpMethod.Put, "/2015-03-31/functions/extended/configuration", new
        {
            Environment = new
            {
                Variables = new Dictionary<string, string>
                {
                    ["LANG"] = "C.UTF-8", ["PATH"] = "/opt/tools:/usr/bin:/bin", ["LD_LIBRARY_PATH"] = "/opt/mylib",
                },
            },
        });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        using var response = await _emulator.InvokeAsync("extended", Utf8("{}"));

        Assert.Equal("C.UTF-8|/opt/tools:/usr/bin:/bin|/opt/mylib|:UTC", await response.Content.ReadAsStringAsync()); // the bootstrap drops one final newline
    }

    private static byte[] Zip() => TestZips.Create(
        TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
        TestZips.File("function.sh", "handler() { printf '%s|%s|%s|%s\\n' \"$LANG\" \"$PATH\" \"$LD_LIBRARY_PATH\" \"$TZ\"; }\n"));
}
