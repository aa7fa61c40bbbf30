using System.Text;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Hosting;
using Lambda.BashRuntime.Emulator.InvokeApi;
using Lambda.BashRuntime.Emulator.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// The web console's page (GET /console/, files embedded in this assembly) and its API under /console/api/: functions,
/// the project's events, invoke (<see cref="ConsoleInvoke"/>, its answer streamed as it comes too), history, and a
/// Server-Sent Events feed. Who may call it is <see cref="ConsoleAccess"/>'s rule, applied before routing; every
/// answer forbids framing and caching.
/// </summary>
public static class ConsoleRoutes
{
    public static IServiceCollection AddWebConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleAccess>(); // RequestGuard asks it even when the console is off (then nothing is /console)
        services.AddSingleton<InvokeHistory>();
        services.AddSingleton<ConsoleFeed>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebConsole(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        if (services.GetRequiredService<EmulatorOptions>().WebConsole is null)
        {
            return app;
        }
        var history = services.GetRequiredService<InvokeHistory>();
        services.GetRequiredService<Invoker>().Completed += history.Record;
        services.GetRequiredService<ConsoleFeed>(); // listens from now on

        var console = app.MapGroup(Listeners.WebConsolePrefix);
        console.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer"; // the token must not leave in a Referer
            headers.CacheControl = "no-store";
            return await next(context);
        });
        console.MapGet("/", Page);
        console.MapGet("/assets/{name}", Asset);
        console.MapGet("/api/functions", (FunctionService functions, FunctionRegistry registry, SlotPool pool, EmulatorOptions options)
            => Results.Json(ConsoleViews.Functions(functions.List(), registry, pool.Environments(), options.WebConsole!.ProjectFunction),
                ConsoleJson.Default.ListFunctionView));
        console.MapGet("/api/events", (EmulatorOptions options)
            => Results.Json(ConsoleViews.EventNames(options.WebConsole!.EventsDirectory), ConsoleJson.Default.ListString));
        console.MapGet("/api/events/{name}", EventFile);
        console.MapPost("/api/events", SaveEventAsync);
        console.MapGet("/api/samples", () => Results.Json(
            Events.SampleEvents.Kinds.Select(k => new ConsoleSampleKind(k.Name, k.Description)).ToList(), ConsoleJson.Default.ListConsoleSampleKind));
        console.MapGet("/api/samples/{kind}", (string kind, EmulatorOptions options) => Events.SampleEvents.Kinds.Any(k => k.Name == kind)
            ? Results.Text(Events.SampleEvents.Generate(kind, options.Region, options.AccountId), "application/json; charset=utf-8")
            : Results.NotFound());
        console.MapPost("/api/invoke", ConsoleInvoke.InvokeAsync);
        console.MapPost("/api/invoke-stream", ConsoleInvoke.StreamAsync);
        console.MapGet("/api/history", (InvokeHistory history)
            => Results.Json(history.List().Select(ConsoleViews.Summary).ToList(), ConsoleJson.Default.ListHistorySummary));
        console.MapGet("/api/history/{requestId}", (string requestId, InvokeHistory history)
            => history.Find(requestId) is { } entry ? Results.Json(entry, ConsoleJson.Default.HistoryEntry) : Results.NotFound());
        console.MapGet("/api/feed", (HttpContext context, ConsoleFeed feed, IHostApplicationLifetime lifetime)
            => feed.StreamAsync(context, lifetime));
        console.MapConsolePanels(); // the configuration panel and the function URL tester (ConsolePanelRoutes)
        return app;
    }

    /// <summary>With ?token=: trades a valid token for the cookie and redirects to the bare URL (no token in history or bookmarks).</summary>
    private static IResult Page(HttpContext context, ConsoleAccess access)
    {
        if (!context.Request.Path.Value!.EndsWith('/'))
        {
            return Results.Redirect(Listeners.WebConsolePrefix + "/" + context.Request.QueryString); // the page's links are relative
        }
        if (context.Request.Query.TryGetValue("token", out var token))
        {
            if (!access.IsToken(token.ToString()))
            {
                return Results.Content(ConsoleAssets.Read("token.html"), "text/html; charset=utf-8", statusCode: 403);
            }
            access.SetCookie(context);
            return Results.Redirect(Listeners.WebConsolePrefix + "/");
        }
        return Results.Content(ConsoleAssets.Read("index.html"), "text/html; charset=utf-8");
    }

    private static IResult Asset(string name)
        => ConsoleAssets.ContentType(name) is { } type && ConsoleAssets.Exists(name)
            ? Results.Content(ConsoleAssets.Read(name), type)
            : Results.NotFound();

    private static IResult EventFile(string name, EmulatorOptions options)
    {
        var directory = options.WebConsole!.EventsDirectory;
        // Only names the listing offers: never a path the request makes up.
        if (directory is null || !ConsoleViews.EventNames(directory).Contains(name, StringComparer.Ordinal))
        {
            return Results.NotFound();
        }
        var path = Path.Combine(directory, name);
        if (ConsoleViews.EscapesFolder(directory, path))
        {
            // A link to ~/.aws/credentials named events/creds.json must not put that file in a page.
            return Problem(403, $"events/{name} is a symbolic link to a file outside the project's events folder; "
                + "the console does not follow it. Copy the event into events/ instead.");
        }
        return Results.Text(File.ReadAllText(path, Encoding.UTF8).Trim(' ', '\t', '\r', '\n', '\uFEFF'),
            "application/json; charset=utf-8");
    }

    private static async Task<IResult> SaveEventAsync(HttpContext context, EmulatorOptions options)
    {
        if (options.WebConsole!.EventsDirectory is not { } directory)
        {
            return Problem(404, "This emulator has no project (no events folder): start it with dotnet run in the project.");
        }
        var request = await ConsoleRequests.ReadJsonAsync(context.Request, 2 * InvokeRoutes.MaxSyncPayloadBytes, ConsoleJson.Default.ConsoleSaveEventRequest);
        if (request?.Content is not { } content)
        {
            return Problem(400, "Expected {\"name\": ..., \"content\": \"...\", \"overwrite\": false}.");
        }
        if (EventFiles.FileName(request.Name, out var badName) is not { } fileName)
        {
            return Problem(400, badName);
        }
        if (JsonPayload.Validate(Encoding.UTF8.GetBytes(content)) is { } problem)
        {
            return Problem(400, $"The event is not JSON: {problem}. Fix it before saving.");
        }
        var (outcome, message) = EventFiles.Save(directory, fileName, content, request.Overwrite);
        return outcome switch
        {
            EventFiles.Saved.Exists => Problem(409, message),
            EventFiles.Saved.Refused => Problem(403, message),
            _ => Results.Json(new ConsoleEventSaved(fileName, message), ConsoleJson.Default.ConsoleEventSaved,
                statusCode: outcome == EventFiles.Saved.Created ? 201 : 200),
        };
    }

    private static IResult Problem(int status, string message) => ConsoleRequests.Problem(status, message);
}
