using System.Text.Json;
using System.Text.Json.Serialization;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.Security;
using Lambda.BashRuntime.Emulator.Storage;
using Microsoft.AspNetCore.Routing;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// The console's configuration panel and function URL tester (Assets/panels.js): GET api/functions/NAME/configuration
/// and POST api/url-test. Mapped into the console's group, so <see cref="ConsoleAccess"/>'s guard (same origin, the
/// console's cookie, JSON with an Origin for the POST) and the group's headers apply to both.
/// </summary>
internal static class ConsolePanelRoutes
{
    public static RouteGroupBuilder MapConsolePanels(this RouteGroupBuilder console)
    {
        console.MapGet("/api/functions/{name}/configuration", (string name, FunctionService functions, EmulatorOptions options)
            => Find(functions, name, options.Region) is { } record
                ? Results.Json(ConfigurationView.Of(record, functions.Arn(record)), ConsolePanelJson.Default.ConfigurationView)
                : Problem(404, new("", "noSuchFunction", [name], $"There is no function named '{name}'.")));
        console.MapPost("/api/url-test", TestUrlAsync);
        return console;
    }

    private static async Task<IResult> TestUrlAsync(
        HttpContext context, FunctionService functions, Listeners listeners, InvokeHistory history, EmulatorOptions options)
    {
        var request = await ConsoleRequests.ReadJsonAsync(
            context.Request, 2 * UrlTestInput.MaxBodyBytes + 64 * 1024, ConsolePanelJson.Default.ConsoleUrlTestRequest);
        if (request is null)
        {
            return Problem(400, new("", "badRequest", [],
                "Expected {\"functionName\": ..., \"qualifier\": \"\", \"method\": \"GET\", \"path\": \"/\", \"query\": \"\", \"headers\": \"\", \"body\": \"\"}."));
        }
        var name = request.FunctionName ?? "";
        if (Find(functions, name, options.Region) is not { } function)
        {
            return Problem(404, new("", "noSuchFunction", [name], $"There is no function named '{name}'."));
        }
        // Only a URL this function's config has: the port comes from there, never from the page.
        if (!function.Urls.TryGetValue(request.Qualifier ?? "", out var url))
        {
            return Problem(404, new("", "noUrl", [name],
                $"{name} has no function URL{(string.IsNullOrEmpty(request.Qualifier) ? "" : " for " + request.Qualifier)}: "
                + "create one with dotnet build -t:FunctionUrl, or aws lambda create-function-url-config."));
        }
        var (checkedRequest, problem) = UrlTestInput.Check(request);
        if (problem is not null)
        {
            return Problem(400, problem);
        }
        var (answer, failure) = await new UrlTester(listeners, history).SendAsync(function, url, checkedRequest!, function.Region, context.RequestAborted);
        return answer is not null
            ? Results.Json(answer, ConsolePanelJson.Default.ConsoleUrlTestAnswer)
            : Problem(failure!.Code == "urlNotServed" ? 409 : 502, failure);
    }

    /// <summary>The function of that name: in the emulator's region first, as the console's other routes find it.</summary>
    private static FunctionRecord? Find(FunctionService functions, string name, string region)
        => functions.List().Where(f => f.FunctionName == name).OrderBy(f => f.Region == region ? 0 : 1).ThenBy(f => f.Region, StringComparer.Ordinal).FirstOrDefault();

    private static IResult Problem(int status, UrlTestProblem problem)
        => Results.Json(problem, ConsolePanelJson.Default.UrlTestProblem, statusCode: status);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConfigurationView))]
[JsonSerializable(typeof(ConsoleUrlTestRequest))]
[JsonSerializable(typeof(ConsoleUrlTestAnswer))]
[JsonSerializable(typeof(UrlTestProblem))]
internal sealed partial class ConsolePanelJson : JsonSerializerContext;
