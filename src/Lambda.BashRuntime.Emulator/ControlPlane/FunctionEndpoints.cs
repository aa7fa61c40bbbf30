using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// The function operations of the Lambda API (2015-03-31): CreateFunction, GetFunction, GetFunctionConfiguration,
/// ListFunctions, UpdateFunctionConfiguration, UpdateFunctionCode, DeleteFunction. Each answers for the region the
/// request was signed for.
/// </summary>
internal static class FunctionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var functions = api.MapGroup("/2015-03-31/functions");
        functions.MapPost("", CreateAsync);
        functions.MapGet("", List);
        functions.MapGet("/{FunctionName}", Get);
        functions.MapGet("/{FunctionName}/configuration", GetConfiguration);
        functions.MapPut("/{FunctionName}/configuration", UpdateConfigurationAsync);
        functions.MapPut("/{FunctionName}/code", UpdateCodeAsync);
        functions.MapDelete("/{FunctionName}", Delete);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, FunctionService functions, ControlPlaneOptions options)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.CreateFunctionRequest);
        var record = functions.Create(request, AwsRequest.Region(context), options.StateTransitionDelay);
        // With Publish, Lambda answers the version it published.
        var answered = request.Publish == true ? FunctionVersions.Newest(record) : record;
        return Results.Json(Configuration(answered, functions), ControlPlaneJsonContext.Default.FunctionConfiguration, statusCode: 201);
    }

    private static IResult List(HttpContext context, FunctionService functions)
    {
        var query = context.Request.Query;
        var (page, next) = AwsPaging.Page(functions.List(AwsRequest.Region(context)), query["Marker"], query["MaxItems"]);
        return Results.Json(
            new ListFunctionsResponse([.. page.Select(f => Configuration(f, functions))], next),
            ControlPlaneJsonContext.Default.ListFunctionsResponse);
    }

    private static IResult Get(string functionName, HttpContext context, FunctionService functions, ControlPlaneState state)
    {
        var (configuration, record, function) = Resolve(functionName, context, functions);
        var location = new Uri(state.Blobs.PathOf(record.Code.BlobId)).AbsoluteUri;
        return Results.Json(
            new GetFunctionResponse(configuration, new FunctionCodeLocation("S3", location),
                function.Tags.IsEmpty ? null : function.Tags,
                function.ReservedConcurrency is { } reserved ? new Concurrency(reserved) : null),
            ControlPlaneJsonContext.Default.GetFunctionResponse);
    }

    private static IResult GetConfiguration(string functionName, HttpContext context, FunctionService functions)
        => Results.Json(Resolve(functionName, context, functions).Configuration, ControlPlaneJsonContext.Default.FunctionConfiguration);

    private static async Task<IResult> UpdateConfigurationAsync(string functionName, HttpContext context, FunctionService functions, ControlPlaneOptions options)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.UpdateFunctionConfigurationRequest);
        var record = functions.UpdateConfiguration(functionName, request, AwsRequest.Region(context), options.StateTransitionDelay);
        return Results.Json(Configuration(record, functions), ControlPlaneJsonContext.Default.FunctionConfiguration);
    }

    private static async Task<IResult> UpdateCodeAsync(string functionName, HttpContext context, FunctionService functions, ControlPlaneOptions options)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.UpdateFunctionCodeRequest);
        var record = functions.UpdateCode(functionName, request, AwsRequest.Region(context), options.StateTransitionDelay);
        // With Publish, Lambda answers the version it published.
        var answered = request.Publish == true && request.DryRun != true ? FunctionVersions.Newest(record) : record;
        return Results.Json(Configuration(answered, functions), ControlPlaneJsonContext.Default.FunctionConfiguration);
    }

    private static IResult Delete(string functionName, HttpContext context, FunctionService functions)
    {
        functions.Delete(functionName, context.Request.Query["Qualifier"], AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    /// <summary>What a name and its Qualifier (query or ":qualifier") name, answered with the qualified ARN.</summary>
    private static (FunctionConfiguration Configuration, FunctionRecord Record, FunctionRecord Function) Resolve(
        string functionName, HttpContext context, FunctionService functions)
    {
        var resolved = functions.Resolve(
            functions.Snapshot, functionName, context.Request.Query["Qualifier"].FirstOrDefault(), AwsRequest.Region(context));
        var arn = FunctionConfigurations.Arn(functions.Arn(resolved.Function), resolved.Qualifier);
        return (FunctionConfigurations.Of(resolved.Record, arn), resolved.Record, resolved.Function);
    }

    /// <summary>$LATEST answers its unqualified ARN (CreateFunction, updates, ListFunctions); a version its own.</summary>
    internal static FunctionConfiguration Configuration(FunctionRecord record, FunctionService functions)
        => FunctionConfigurations.Of(record, FunctionConfigurations.Arn(functions.Arn(record),
            record.Version == FunctionRecord.LatestVersion ? null : record.Version));
}
