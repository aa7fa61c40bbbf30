using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// The function operations of the Lambda API (2015-03-31): CreateFunction, GetFunction, GetFunctionConfiguration,
/// ListFunctions, UpdateFunctionConfiguration, UpdateFunctionCode, DeleteFunction.
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

    private static async Task<IResult> CreateAsync(HttpContext context, FunctionService functions)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.CreateFunctionRequest);
        var record = functions.Create(request, AwsRequest.Region(context));
        return Results.Json(Configuration(record, functions), ControlPlaneJsonContext.Default.FunctionConfiguration, statusCode: 201);
    }

    private static IResult List(HttpContext context, FunctionService functions)
    {
        var query = context.Request.Query;
        var (page, next) = AwsPaging.Page(functions.List(), query["Marker"], query["MaxItems"]);
        return Results.Json(
            new ListFunctionsResponse([.. page.Select(f => Configuration(f, functions))], next),
            ControlPlaneJsonContext.Default.ListFunctionsResponse);
    }

    private static IResult Get(string functionName, HttpContext context, FunctionService functions, ControlPlaneState state)
    {
        var record = functions.Get(functionName, context.Request.Query["Qualifier"], AwsRequest.Region(context));
        var location = new Uri(state.Blobs.PathOf(record.Code.BlobId)).AbsoluteUri;
        return Results.Json(
            new GetFunctionResponse(Configuration(record, functions), new FunctionCodeLocation("S3", location)),
            ControlPlaneJsonContext.Default.GetFunctionResponse);
    }

    private static IResult GetConfiguration(string functionName, HttpContext context, FunctionService functions)
    {
        var record = functions.Get(functionName, context.Request.Query["Qualifier"], AwsRequest.Region(context));
        return Results.Json(Configuration(record, functions), ControlPlaneJsonContext.Default.FunctionConfiguration);
    }

    private static async Task<IResult> UpdateConfigurationAsync(string functionName, HttpContext context, FunctionService functions)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.UpdateFunctionConfigurationRequest);
        var record = functions.UpdateConfiguration(functionName, request, AwsRequest.Region(context));
        return Results.Json(Configuration(record, functions), ControlPlaneJsonContext.Default.FunctionConfiguration);
    }

    private static async Task<IResult> UpdateCodeAsync(string functionName, HttpContext context, FunctionService functions)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.UpdateFunctionCodeRequest);
        var record = functions.UpdateCode(functionName, request, AwsRequest.Region(context));
        return Results.Json(Configuration(record, functions), ControlPlaneJsonContext.Default.FunctionConfiguration);
    }

    private static IResult Delete(string functionName, HttpContext context, FunctionService functions)
    {
        functions.Delete(functionName, context.Request.Query["Qualifier"], AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static FunctionConfiguration Configuration(FunctionRecord record, FunctionService functions) => new()
    {
        FunctionName = record.FunctionName,
        FunctionArn = functions.Arn(record),
        Runtime = record.Runtime,
        Role = record.Role,
        Handler = record.Handler,
        CodeSize = record.Code.CodeSize,
        Description = record.Description,
        Timeout = record.Timeout,
        MemorySize = record.MemorySize,
        EphemeralStorage = new EphemeralStorageResponse(record.EphemeralStorage),
        LastModified = AwsFormat.Timestamp(record.LastModified),
        CodeSha256 = record.Code.CodeSha256,
        Environment = record.Environment.IsEmpty ? null : new EnvironmentResponse(record.Environment),
        RevisionId = record.RevisionId,
        Layers = record.Layers.IsEmpty ? null : [.. record.Layers.Select(l => new LayerResponse(l.Arn, l.Package.CodeSize))],
        Architectures = [record.Architecture],
        LoggingConfig = record.Logging ?? LoggingConfigRecord.Default(record.FunctionName),
    };
}
