using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>FunctionEventInvokeConfig shapes, as the model names them (LastModified: epoch seconds, rest-json's default).</summary>
public sealed record FunctionEventInvokeConfig(
    double LastModified, string FunctionArn, int? MaximumRetryAttempts, int? MaximumEventAgeInSeconds, EventDestinations DestinationConfig);

public sealed record ListFunctionEventInvokeConfigsResponse(IReadOnlyList<FunctionEventInvokeConfig> FunctionEventInvokeConfigs, string? NextMarker);

/// <summary>
/// Asynchronous invocation settings (2019-09-25): PutFunctionEventInvokeConfig, GetFunctionEventInvokeConfig,
/// UpdateFunctionEventInvokeConfig, DeleteFunctionEventInvokeConfig, ListFunctionEventInvokeConfigs.
/// </summary>
internal static class EventInvokeConfigEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var config = api.MapGroup("/2019-09-25/functions/{FunctionName}/event-invoke-config");
        config.MapPut("", PutAsync);
        config.MapPost("", UpdateAsync);
        config.MapGet("", Get);
        config.MapDelete("", Delete);
        config.MapGet("/list", List);
    }

    private static async Task<IResult> PutAsync(string functionName, HttpContext context, EventInvokeConfigs configs)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.EventInvokeConfigRequest);
        return Answer(configs, configs.Put(functionName, Qualifier(context), request, AwsRequest.Region(context)));
    }

    private static async Task<IResult> UpdateAsync(string functionName, HttpContext context, EventInvokeConfigs configs)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.EventInvokeConfigRequest);
        return Answer(configs, configs.Update(functionName, Qualifier(context), request, AwsRequest.Region(context)));
    }

    private static IResult Get(string functionName, HttpContext context, EventInvokeConfigs configs)
        => Answer(configs, configs.Get(functionName, Qualifier(context), AwsRequest.Region(context)));

    private static IResult Delete(string functionName, HttpContext context, EventInvokeConfigs configs)
    {
        configs.Delete(functionName, Qualifier(context), AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static IResult List(string functionName, HttpContext context, EventInvokeConfigs configs)
    {
        var (function, list) = configs.List(functionName, AwsRequest.Region(context));
        var query = context.Request.Query;
        var (page, next) = AwsPaging.Page(list, query["Marker"], query["MaxItems"]);
        return Results.Json(
            new ListFunctionEventInvokeConfigsResponse([.. page.Select(c => Shape(configs, function, c))], next),
            ControlPlaneJsonContext.Default.ListFunctionEventInvokeConfigsResponse);
    }

    private static IResult Answer(EventInvokeConfigs configs, (FunctionRecord Function, EventInvokeConfigs.Qualified Config) result)
        => Results.Json(Shape(configs, result.Function, result.Config), ControlPlaneJsonContext.Default.FunctionEventInvokeConfig);

    private static FunctionEventInvokeConfig Shape(EventInvokeConfigs configs, FunctionRecord function, EventInvokeConfigs.Qualified qualified)
    {
        var config = qualified.Config;
        return new(
            Math.Round(config.LastModified.ToUnixTimeMilliseconds() / 1000.0, 3),
            configs.Arn(function, qualified.Qualifier),
            config.MaximumRetryAttempts,
            config.MaximumEventAgeInSeconds,
            // AWS answers both members, empty when not set.
            new EventDestinations(config.DestinationConfig?.OnSuccess ?? new(null), config.DestinationConfig?.OnFailure ?? new(null)));
    }

    private static string? Qualifier(HttpContext context) => context.Request.Query["Qualifier"].FirstOrDefault();
}
