using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// Versions and aliases (2015-03-31): PublishVersion, ListVersionsByFunction, CreateAlias, GetAlias, UpdateAlias,
/// DeleteAlias, ListAliases.
/// </summary>
internal static class AliasEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var function = api.MapGroup("/2015-03-31/functions/{FunctionName}");
        function.MapPost("/versions", PublishAsync);
        function.MapGet("/versions", ListVersions);
        function.MapPost("/aliases", CreateAsync);
        function.MapGet("/aliases", List);
        function.MapGet("/aliases/{Name}", Get);
        function.MapPut("/aliases/{Name}", UpdateAsync);
        function.MapDelete("/aliases/{Name}", Delete);
    }

    private static async Task<IResult> PublishAsync(
        string functionName, HttpContext context, AliasService aliases, FunctionService functions, ControlPlaneOptions options)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.PublishVersionRequest);
        var version = aliases.PublishVersion(functionName, request, AwsRequest.Region(context), options.StateTransitionDelay);
        return Results.Json(FunctionEndpoints.Configuration(version, functions), ControlPlaneJsonContext.Default.FunctionConfiguration, statusCode: 201);
    }

    private static IResult ListVersions(string functionName, HttpContext context, AliasService aliases, FunctionService functions)
    {
        var query = context.Request.Query;
        var (page, next) = AwsPaging.Page(aliases.ListVersions(functionName, AwsRequest.Region(context)), query["Marker"], query["MaxItems"]);
        // Here $LATEST answers its qualified ARN, as Lambda lists it.
        return Results.Json(
            new ListVersionsByFunctionResponse([.. page.Select(v => FunctionConfigurations.Of(v, $"{functions.Arn(v)}:{v.Version}"))], next),
            ControlPlaneJsonContext.Default.ListVersionsByFunctionResponse);
    }

    private static async Task<IResult> CreateAsync(string functionName, HttpContext context, AliasService aliases, FunctionService functions)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.CreateAliasRequest);
        var (function, alias) = aliases.Create(functionName, request, AwsRequest.Region(context));
        return Results.Json(Describe(functions, function, alias), ControlPlaneJsonContext.Default.AliasConfiguration, statusCode: 201);
    }

    private static IResult Get(string functionName, string name, HttpContext context, AliasService aliases, FunctionService functions)
    {
        var (function, alias) = aliases.Get(functionName, name, AwsRequest.Region(context));
        return Results.Json(Describe(functions, function, alias), ControlPlaneJsonContext.Default.AliasConfiguration);
    }

    private static async Task<IResult> UpdateAsync(string functionName, string name, HttpContext context, AliasService aliases, FunctionService functions)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.UpdateAliasRequest);
        var (function, alias) = aliases.Update(functionName, name, request, AwsRequest.Region(context));
        return Results.Json(Describe(functions, function, alias), ControlPlaneJsonContext.Default.AliasConfiguration);
    }

    private static IResult Delete(string functionName, string name, HttpContext context, AliasService aliases)
    {
        aliases.Delete(functionName, name, AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static IResult List(string functionName, HttpContext context, AliasService aliases, FunctionService functions)
    {
        var region = AwsRequest.Region(context);
        var query = context.Request.Query;
        var function = functions.Get(FunctionNames.Parse(functionName).Name, null, region);
        var (page, next) = AwsPaging.Page(aliases.List(functionName, query["FunctionVersion"], region), query["Marker"], query["MaxItems"]);
        return Results.Json(
            new ListAliasesResponse([.. page.Select(a => Describe(functions, function, a))], next),
            ControlPlaneJsonContext.Default.ListAliasesResponse);
    }

    private static AliasConfiguration Describe(FunctionService functions, FunctionRecord function, AliasRecord alias) => new()
    {
        AliasArn = $"{functions.Arn(function)}:{alias.Name}",
        Name = alias.Name,
        FunctionVersion = alias.FunctionVersion,
        Description = alias.Description,
        RoutingConfig = alias.AdditionalVersionWeights.IsEmpty ? null : new AliasRoutingConfigurationResponse(alias.AdditionalVersionWeights),
        RevisionId = alias.RevisionId,
    };
}
