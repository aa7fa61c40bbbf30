using System.Globalization;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Layers;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// The layer operations of the Lambda API (2018-10-31): PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn,
/// ListLayers, ListLayerVersions, DeleteLayerVersion, AddLayerVersionPermission, GetLayerVersionPolicy,
/// RemoveLayerVersionPermission.
/// </summary>
internal static class LayerEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var layers = api.MapGroup("/2018-10-31/layers");
        layers.MapGet("", ListOrFind);
        layers.MapPost("/{LayerName}/versions", PublishAsync);
        layers.MapGet("/{LayerName}/versions", ListVersions);
        layers.MapGet("/{LayerName}/versions/{VersionNumber}", Get);
        layers.MapDelete("/{LayerName}/versions/{VersionNumber}", Delete);
        layers.MapPost("/{LayerName}/versions/{VersionNumber}/policy", AddPermissionAsync);
        layers.MapGet("/{LayerName}/versions/{VersionNumber}/policy", GetPolicy);
        layers.MapDelete("/{LayerName}/versions/{VersionNumber}/policy/{StatementId}", RemovePermission);
    }

    private static async Task<IResult> PublishAsync(string layerName, HttpContext context, LayerService layers, ControlPlaneState state)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.PublishLayerVersionRequest);
        var (layer, version) = layers.Publish(layerName, request, AwsRequest.Region(context));
        return Results.Json(Describe(layers, state, layer, version), ControlPlaneJsonContext.Default.LayerVersionResponse, statusCode: 201);
    }

    /// <summary>GET /2018-10-31/layers is ListLayers, or GetLayerVersionByArn with ?find=LayerVersion&amp;Arn=...</summary>
    private static IResult ListOrFind(HttpContext context, LayerService layers, ControlPlaneState state)
    {
        var query = context.Request.Query;
        if (query["find"] == "LayerVersion")
        {
            var (layer, version) = layers.GetByArn(query["Arn"], AwsRequest.Region(context));
            return Results.Json(Describe(layers, state, layer, version), ControlPlaneJsonContext.Default.LayerVersionResponse);
        }
        var all = layers.List(query["CompatibleRuntime"], query["CompatibleArchitecture"], AwsRequest.Region(context));
        var (page, next) = AwsPaging.Page(all, query["Marker"], query["MaxItems"]);
        return Results.Json(
            new ListLayersResponse([.. page.Select(x => new LayersListItem(x.Layer.LayerName, layers.LayerArn(x.Layer), ListItem(layers, x.Layer, x.Latest)))], next),
            ControlPlaneJsonContext.Default.ListLayersResponse);
    }

    private static IResult ListVersions(string layerName, HttpContext context, LayerService layers)
    {
        var query = context.Request.Query;
        var (layer, versions) = layers.ListVersions(layerName, query["CompatibleRuntime"], query["CompatibleArchitecture"], AwsRequest.Region(context));
        var (page, next) = AwsPaging.Page(versions, query["Marker"], query["MaxItems"]);
        return Results.Json(
            new ListLayerVersionsResponse([.. page.Select(v => ListItem(layers, layer!, v))], next),
            ControlPlaneJsonContext.Default.ListLayerVersionsResponse);
    }

    private static IResult Get(string layerName, string versionNumber, HttpContext context, LayerService layers, ControlPlaneState state)
    {
        var (layer, version) = layers.Get(layerName, Version(versionNumber), AwsRequest.Region(context));
        return Results.Json(Describe(layers, state, layer, version), ControlPlaneJsonContext.Default.LayerVersionResponse);
    }

    private static IResult Delete(string layerName, string versionNumber, HttpContext context, LayerService layers)
    {
        layers.Delete(layerName, Version(versionNumber), AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> AddPermissionAsync(string layerName, string versionNumber, HttpContext context, LayerService layers)
    {
        var request = await AwsRequest.ReadJsonAsync(context, ControlPlaneJsonContext.Default.AddLayerVersionPermissionRequest);
        var (layer, version, added) = layers.AddPermission(layerName, Version(versionNumber), request, context.Request.Query["RevisionId"], AwsRequest.Region(context));
        var statement = LayerPolicy.Statement(added, layers.VersionArn(layer, version.Version));
        return Results.Json(
            new AddLayerVersionPermissionResponse(statement, version.PolicyRevisionId),
            ControlPlaneJsonContext.Default.AddLayerVersionPermissionResponse,
            statusCode: 201);
    }

    private static IResult GetPolicy(string layerName, string versionNumber, HttpContext context, LayerService layers)
    {
        var (layer, version) = layers.Get(layerName, Version(versionNumber), AwsRequest.Region(context));
        if (version.Permissions.IsEmpty)
        {
            throw AwsException.ResourceNotFound(
                "No policy is associated with the given resource. Add a statement with add-layer-version-permission.");
        }
        var policy = LayerPolicy.Document(version.Permissions, layers.VersionArn(layer, version.Version));
        return Results.Json(new GetLayerVersionPolicyResponse(policy, version.PolicyRevisionId), ControlPlaneJsonContext.Default.GetLayerVersionPolicyResponse);
    }

    private static IResult RemovePermission(string layerName, string versionNumber, string statementId, HttpContext context, LayerService layers)
    {
        layers.RemovePermission(layerName, Version(versionNumber), statementId, context.Request.Query["RevisionId"], AwsRequest.Region(context));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private static long Version(string versionNumber)
        => long.TryParse(versionNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw AwsException.InvalidParameter($"Version number '{versionNumber}' is not valid: pass a version that publish-layer-version returned (1, 2, ...).");

    private static LayerVersionResponse Describe(LayerService layers, ControlPlaneState state, LayerRecord layer, LayerVersionRecord version) => new()
    {
        Content = new LayerContentOutput(new Uri(state.Blobs.PathOf(version.Package.BlobId)).AbsoluteUri, version.Package.CodeSha256, version.Package.CodeSize),
        LayerArn = layers.LayerArn(layer),
        LayerVersionArn = layers.VersionArn(layer, version.Version),
        Description = version.Description,
        CreatedDate = AwsFormat.Timestamp(version.CreatedDate),
        Version = version.Version,
        CompatibleRuntimes = version.CompatibleRuntimes.IsEmpty ? null : version.CompatibleRuntimes,
        LicenseInfo = version.LicenseInfo,
        CompatibleArchitectures = version.CompatibleArchitectures.IsEmpty ? null : version.CompatibleArchitectures,
    };

    private static LayerVersionsListItem ListItem(LayerService layers, LayerRecord layer, LayerVersionRecord version) => new()
    {
        LayerVersionArn = layers.VersionArn(layer, version.Version),
        Version = version.Version,
        Description = version.Description,
        CreatedDate = AwsFormat.Timestamp(version.CreatedDate),
        CompatibleRuntimes = version.CompatibleRuntimes.IsEmpty ? null : version.CompatibleRuntimes,
        LicenseInfo = version.LicenseInfo,
        CompatibleArchitectures = version.CompatibleArchitectures.IsEmpty ? null : version.CompatibleArchitectures,
    };
}
