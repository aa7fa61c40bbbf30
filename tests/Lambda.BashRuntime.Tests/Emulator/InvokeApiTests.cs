using System.Net;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;
using static Lambda.BashRuntime.Tests.Infrastructure.Handlers;

namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>The Invoke API over plain HTTP, with the template's real bootstrap and function.sh.</summary>
[Trait("Category", TestBash.Category)]
public sealed class InvokeApiTests : IAsyncLifetime
{
    private readonly FunctionFolder _folder = new();
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(maxConcurrency: 2);
        _emulator.Host.AddFunction("HelloBash", _folder.Code);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }

    public static TheoryData<string> TrickyPayloads => new()
    {
        """{"text":"Hello"}""",
        "{\"a\":   \"runs   of   spaces\",\t\t\"b\":\n\n\n\"x\"}\n\n",
        """{"glob":"*","star":"* .* /*","cmd":"$(id)","tick":"`id`","var":"${HOME} $PATH"}""",
        """{"quotes":"\" ' '' \"\"","backslashes":"\\ \\\\ \\n \\t \\u0041 \\\\\\"}""",
        """{"utf8":"héllo wörld, 日本語, emoji 🎉, ÿ"}""",
        """["-n","-e","%s %d %%","\\c"]""",
        """-1""",
        """ "a string with a trailing newline\n" """,
    };

    [ScriptTheory]
    [MemberData(nameof(TrickyPayloads))]
    public async Task Payloads_are_echoed_byte_exact(string payload)
    {
        var bytes = Utf8(payload);
        using var response = await _emulator.InvokeAsync("HelloBash", bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "X-Amz-Function-Error"));
        Assert.Equal("$LATEST", Header(response, "X-Amz-Executed-Version"));
        Assert.Equal(Echo(bytes), await response.Content.ReadAsByteArrayAsync());
    }

    [ScriptFact]
    public async Task A_1_MB_payload_is_echoed_byte_exact()
    {
        var text = new StringBuilder("{\"big\":\"");
        for (var i = 0; text.Length < 1024 * 1024; i++)
        {
            text.Append(CultureInfo(i)).Append("  \\t\\n é ");
        }
        var bytes = Utf8(text.Append("\"}").ToString());
        using var response = await _emulator.InvokeAsync("HelloBash", bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Echo(bytes), await response.Content.ReadAsByteArrayAsync());

        static string CultureInfo(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [ScriptFact]
    public async Task Tail_returns_the_last_4_KB_of_the_invocation_log_in_base64()
    {
        using var response = await _emulator.InvokeAsync("HelloBash", Utf8("""{"log":"me"}"""), logType: "Tail");

        var log = Encoding.UTF8.GetString(Convert.FromBase64String(Header(response, "X-Amz-Log-Result")!));
        var requestId = Header(response, "X-Amzn-RequestId");
        // A cold start: INIT_START as Lambda writes it (tab-separated, a runtime version ARN), then START.
        Assert.Matches($"^INIT_START Runtime Version: provided:al2023\\.v1\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{{64}}\n(.*\n)*START RequestId: {requestId} Version: \\$LATEST\n", log);
        Assert.Contains("{\"log\":\"me\"}\n", log); // function.sh logs the event to stderr
        Assert.Contains($"END RequestId: {requestId}\n", log);
        Assert.Matches($@"REPORT RequestId: {requestId}\tDuration: \d+\.\d\d ms\t", log);

        var big = Utf8("{\"x\":\"" + new string('y', 10_000) + "\"}");
        using var bigResponse = await _emulator.InvokeAsync("HelloBash", big, logType: "Tail");
        Assert.Equal(4096, Convert.FromBase64String(Header(bigResponse, "X-Amz-Log-Result")!).Length);
    }

    [ScriptFact]
    public async Task Unknown_function_or_qualifier_is_404_ResourceNotFoundException()
    {
        using var response = await _emulator.InvokeAsync("Nope", Utf8("{}"));
        await AssertAwsErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException", "Function not found: arn:aws:lambda:");

        using var qualified = await _emulator.InvokeAsync("HelloBash", Utf8("{}"), query: "?Qualifier=7");
        await AssertAwsErrorAsync(qualified, HttpStatusCode.NotFound, "ResourceNotFoundException", ":function:HelloBash:7");

        using var latest = await _emulator.InvokeAsync("HelloBash", Utf8("{}"), query: "?Qualifier=%24LATEST");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
    }

    [ScriptTheory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:HelloBash")]
    [InlineData("123456789012:function:HelloBash")]
    [InlineData("HelloBash:$LATEST")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:HelloBash:$LATEST")]
    public async Task A_function_can_be_named_by_ARN_partial_ARN_or_with_a_qualifier(string name)
    {
        using var response = await _emulator.InvokeAsync(name, Utf8("{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Echoing request: '{}'", await response.Content.ReadAsStringAsync());
    }

    [ScriptFact]
    public async Task Payload_over_6_MB_is_413_RequestEntityTooLargeException()
    {
        var payload = Utf8("\"" + new string('a', 6 * 1024 * 1024) + "\"");
        using var response = await _emulator.InvokeAsync("HelloBash", payload);
        await AssertAwsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLargeException",
            $"{payload.Length} byte payload is too large for the RequestResponse invocation type (limit 6291456 bytes)");
    }

    [ScriptTheory]
    [InlineData("not json")]
    [InlineData("{\"a\":")]
    [InlineData("{} {}")]
    public async Task Payload_that_is_not_JSON_is_400_InvalidRequestContentException(string payload)
    {
        using var response = await _emulator.InvokeAsync("HelloBash", Utf8(payload));
        await AssertAwsErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequestContentException",
            "Could not parse request body into json");
    }

    [ScriptFact]
    public async Task DryRun_is_204_and_Event_is_202()
    {
        using var dryRun = await _emulator.InvokeAsync("HelloBash", Utf8("{}"), invocationType: "DryRun");
        Assert.Equal(HttpStatusCode.NoContent, dryRun.StatusCode);

        using var asEvent = await _emulator.InvokeAsync("HelloBash", Utf8("{}"), invocationType: "Event");
        Assert.Equal(HttpStatusCode.Accepted, asEvent.StatusCode);
        Assert.Empty(await asEvent.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Checks an error against the status, type and message, and its shape against the AWS CLI's service model.</summary>
    internal static async Task AssertAwsErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(type, Header(response, "X-Amzn-ErrorType"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("User", json.RootElement.GetProperty("Type").GetString());
        var text = json.RootElement.TryGetProperty("message", out var lower) ? lower : json.RootElement.GetProperty("Message");
        Assert.Contains(message, text.GetString());

        // Lambda answers an oversized payload with RequestEntityTooLargeException; the model names it RequestTooLargeException.
        var shape = ServiceModel.Value.RootElement.GetProperty("shapes").GetProperty(type == "RequestEntityTooLargeException" ? "RequestTooLargeException" : type);
        Assert.Equal((int)status, shape.GetProperty("error").GetProperty("httpStatusCode").GetInt32());
        var members = shape.GetProperty("members").EnumerateObject().Select(m => m.Name).ToHashSet();
        Assert.All(json.RootElement.EnumerateObject(), p => Assert.Contains(p.Name, members));
    }

    private static readonly Lazy<JsonDocument> ServiceModel = new(() => JsonDocument.Parse(File.ReadAllBytes(
        "/usr/lib/python3/dist-packages/awscli/botocore/data/lambda/2015-03-31/service-2.json")));
}
