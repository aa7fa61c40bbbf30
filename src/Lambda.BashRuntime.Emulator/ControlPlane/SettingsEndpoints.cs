using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Packages;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// Tags (2017-03-31: TagResource, UntagResource, ListTags), reserved concurrency (PutFunctionConcurrency and
/// DeleteFunctionConcurrency 2017-10-31, GetFunctionConcurrency 2019-09-30) and GetAccountSettings (2016-08-19).
/// </summary>
internal static class SettingsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/2017-03-31/tags/{ARN}", TagAsync);
        api.MapDelete("/2017-03-31/tags/{ARN}", Untag);
        api.MapGet("/2017-03-31/tags/{ARN}", ListTags);
        api.MapPut("/2017-10-31/functions/{FunctionName}/concurrency", PutConcurrencyAsync);
        api.MapDelete("/2017-10-31/functions/{FunctionName}/concurrency", DeleteConcurrency);
        api.MapGet("/2019-09-30/functions/{FunctionName}/concurrency", GetConcurrency);
        api.MapGet("/2016-08-19/account-settings", AccountSettings);
    }

    private static async Task<IResult> TagAsync(string arn, HttpContext context, FunctionSettingsService settings)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.TagResourceRequest);
        settings.Tag(arn, request.Tags, AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static IResult Untag(string arn, HttpContext context, FunctionSettingsService settings)
    {
        settings.Untag(arn, [.. context.Request.Query["tagKeys"].Where(k => k is not null).Select(k => k!)], AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static IResult ListTags(string arn, HttpContext context, FunctionSettingsService settings)
        => Results.Json(new ListTagsResponse(settings.Tags(arn, AwsRequest.Region(context)).Tags), ControlPlaneJsonContext.Default.ListTagsResponse);

    private static async Task<IResult> PutConcurrencyAsync(string functionName, HttpContext context, FunctionSettingsService settings)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.PutFunctionConcurrencyRequest);
        var reserved = settings.PutConcurrency(functionName, request.ReservedConcurrentExecutions, AwsRequest.Region(context));
        return Results.Json(new Concurrency(reserved), ControlPlaneJsonContext.Default.Concurrency);
    }

    private static IResult DeleteConcurrency(string functionName, HttpContext context, FunctionSettingsService settings)
    {
        settings.DeleteConcurrency(functionName, AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static IResult GetConcurrency(string functionName, HttpContext context, FunctionSettingsService settings)
        => Results.Json(new GetFunctionConcurrencyResponse(settings.GetConcurrency(functionName, AwsRequest.Region(context))),
            ControlPlaneJsonContext.Default.GetFunctionConcurrencyResponse);

    /// <summary>AWS's default quotas (75 GB of code, 1,000 concurrent executions); the local limit is --max-concurrency.</summary>
    private static IResult AccountSettings(HttpContext context, FunctionSettingsService settings)
    {
        var (unreserved, totalCodeSize, count) = settings.Account(AwsRequest.Region(context));
        return Results.Json(
            new GetAccountSettingsResponse(
                new AccountLimit(80_530_636_800, PackageLimits.MaxUnpackedBytes, PackageLimits.MaxZipBytes, FunctionSettingsService.AccountConcurrency, unreserved),
                new AccountUsage(totalCodeSize, count)),
            ControlPlaneJsonContext.Default.GetAccountSettingsResponse);
    }
}
