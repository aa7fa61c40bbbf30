using Lambda.BashRuntime.Emulator.Functions;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>A function's resource policy (2015-03-31): AddPermission, GetPolicy, RemovePermission.</summary>
internal static class FunctionPolicyEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var policy = api.MapGroup("/2015-03-31/functions/{FunctionName}/policy");
        policy.MapPost("", AddPermissionAsync);
        policy.MapGet("", GetPolicy);
        policy.MapDelete("/{StatementId}", RemovePermission);
    }

    private static async Task<IResult> AddPermissionAsync(string functionName, HttpContext context, FunctionPolicyService policies)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.AddPermissionRequest);
        var (policy, added) = policies.AddPermission(functionName, Qualifier(context), request, AwsRequest.Region(context));
        return Results.Json(
            new AddPermissionResponse(FunctionPolicy.Statement(added, policy.Arn)),
            ControlPlaneJsonContext.Default.AddPermissionResponse, statusCode: 201);
    }

    private static IResult GetPolicy(string functionName, HttpContext context, FunctionPolicyService policies)
    {
        var policy = policies.GetPolicy(functionName, Qualifier(context), AwsRequest.Region(context));
        return Results.Json(
            new GetPolicyResponse(FunctionPolicy.Document(policy.Permissions, policy.Arn), policy.RevisionId ?? ""),
            ControlPlaneJsonContext.Default.GetPolicyResponse);
    }

    private static IResult RemovePermission(string functionName, string statementId, HttpContext context, FunctionPolicyService policies)
    {
        policies.RemovePermission(functionName, statementId, Qualifier(context), context.Request.Query["RevisionId"], AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static string? Qualifier(HttpContext context) => context.Request.Query["Qualifier"].FirstOrDefault();
}
