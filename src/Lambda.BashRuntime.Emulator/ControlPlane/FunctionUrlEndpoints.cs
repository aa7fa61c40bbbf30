using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// The function URL operations of the Lambda API (2021-10-31): CreateFunctionUrlConfig, GetFunctionUrlConfig,
/// UpdateFunctionUrlConfig, DeleteFunctionUrlConfig, ListFunctionUrlConfigs. FunctionUrl is http://127.0.0.1:PORT/.
/// </summary>
internal static class FunctionUrlEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var functions = api.MapGroup("/2021-10-31/functions/{FunctionName}");
        functions.MapPost("/url", CreateAsync);
        functions.MapGet("/url", Get);
        functions.MapPut("/url", UpdateAsync);
        functions.MapDelete("/url", Delete);
        functions.MapGet("/urls", List);
    }

    private static async Task<IResult> CreateAsync(string functionName, HttpContext context, FunctionUrlService urls)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.CreateFunctionUrlConfigRequest);
        var (function, url) = await urls.CreateAsync(functionName, Qualifier(context), request, AwsRequest.Region(context));
        var created = new CreateFunctionUrlConfigResponse
        {
            FunctionUrl = url.Url,
            FunctionArn = urls.Arn(function, url),
            AuthType = url.AuthType,
            Cors = url.Cors,
            CreationTime = AwsFormat.UrlTimestamp(url.CreationTime),
            InvokeMode = url.InvokeMode,
        };
        return Results.Json(created, ControlPlaneJsonContext.Default.CreateFunctionUrlConfigResponse, statusCode: 201);
    }

    private static IResult Get(string functionName, HttpContext context, FunctionUrlService urls)
    {
        var (function, url) = urls.Get(functionName, Qualifier(context), AwsRequest.Region(context));
        return Results.Json(Config(urls, function, url), ControlPlaneJsonContext.Default.FunctionUrlConfig);
    }

    private static async Task<IResult> UpdateAsync(string functionName, HttpContext context, FunctionUrlService urls)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.UpdateFunctionUrlConfigRequest);
        var (function, url) = urls.Update(functionName, Qualifier(context), request, AwsRequest.Region(context));
        return Results.Json(Config(urls, function, url), ControlPlaneJsonContext.Default.FunctionUrlConfig);
    }

    private static IResult Delete(string functionName, HttpContext context, FunctionUrlService urls)
    {
        urls.Delete(functionName, Qualifier(context), AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static IResult List(string functionName, HttpContext context, FunctionUrlService urls, FunctionService functions)
    {
        var region = AwsRequest.Region(context);
        var function = functions.Get(FunctionNames.Parse(functionName).Name, null, region);
        var query = context.Request.Query;
        var (page, next) = AwsPaging.Page(urls.List(functionName, region), query["Marker"], query["MaxItems"]);
        return Results.Json(
            new ListFunctionUrlConfigsResponse([.. page.Select(url => Config(urls, function, url))], next),
            ControlPlaneJsonContext.Default.ListFunctionUrlConfigsResponse);
    }

    private static string? Qualifier(HttpContext context) => context.Request.Query["Qualifier"].FirstOrDefault();

    private static FunctionUrlConfig Config(FunctionUrlService urls, FunctionRecord function, FunctionUrlRecord url) => new()
    {
        FunctionUrl = url.Url,
        FunctionArn = urls.Arn(function, url),
        AuthType = url.AuthType,
        Cors = url.Cors,
        CreationTime = AwsFormat.UrlTimestamp(url.CreationTime),
        LastModifiedTime = AwsFormat.UrlTimestamp(url.LastModifiedTime),
        InvokeMode = url.InvokeMode,
    };
}
