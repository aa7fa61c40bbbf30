namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// Every operation of the Lambda API as the service model (botocore's lambda/2015-03-31/service-2.json, AWS CLI 2.9)
/// names it, with its method and path: a request that matches one the emulator does not serve is told so by name
/// (see <see cref="UnsupportedOperations"/>) instead of a bare 404. Generated from the model; a test checks it
/// against the model.
/// </summary>
internal static class ServiceOperations
{
    public sealed record Operation(string Name, string Method, string RequestUri);

    public static readonly IReadOnlyList<Operation> All =
    [
        new("AddLayerVersionPermission", "POST", "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy"),
        new("AddPermission", "POST", "/2015-03-31/functions/{FunctionName}/policy"),
        new("CreateAlias", "POST", "/2015-03-31/functions/{FunctionName}/aliases"),
        new("CreateCodeSigningConfig", "POST", "/2020-04-22/code-signing-configs/"),
        new("CreateEventSourceMapping", "POST", "/2015-03-31/event-source-mappings/"),
        new("CreateFunction", "POST", "/2015-03-31/functions"),
        new("CreateFunctionUrlConfig", "POST", "/2021-10-31/functions/{FunctionName}/url"),
        new("DeleteAlias", "DELETE", "/2015-03-31/functions/{FunctionName}/aliases/{Name}"),
        new("DeleteCodeSigningConfig", "DELETE", "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}"),
        new("DeleteEventSourceMapping", "DELETE", "/2015-03-31/event-source-mappings/{UUID}"),
        new("DeleteFunction", "DELETE", "/2015-03-31/functions/{FunctionName}"),
        new("DeleteFunctionCodeSigningConfig", "DELETE", "/2020-06-30/functions/{FunctionName}/code-signing-config"),
        new("DeleteFunctionConcurrency", "DELETE", "/2017-10-31/functions/{FunctionName}/concurrency"),
        new("DeleteFunctionEventInvokeConfig", "DELETE", "/2019-09-25/functions/{FunctionName}/event-invoke-config"),
        new("DeleteFunctionUrlConfig", "DELETE", "/2021-10-31/functions/{FunctionName}/url"),
        new("DeleteLayerVersion", "DELETE", "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}"),
        new("DeleteProvisionedConcurrencyConfig", "DELETE", "/2019-09-30/functions/{FunctionName}/provisioned-concurrency"),
        new("GetAccountSettings", "GET", "/2016-08-19/account-settings/"),
        new("GetAlias", "GET", "/2015-03-31/functions/{FunctionName}/aliases/{Name}"),
        new("GetCodeSigningConfig", "GET", "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}"),
        new("GetEventSourceMapping", "GET", "/2015-03-31/event-source-mappings/{UUID}"),
        new("GetFunction", "GET", "/2015-03-31/functions/{FunctionName}"),
        new("GetFunctionCodeSigningConfig", "GET", "/2020-06-30/functions/{FunctionName}/code-signing-config"),
        new("GetFunctionConcurrency", "GET", "/2019-09-30/functions/{FunctionName}/concurrency"),
        new("GetFunctionConfiguration", "GET", "/2015-03-31/functions/{FunctionName}/configuration"),
        new("GetFunctionEventInvokeConfig", "GET", "/2019-09-25/functions/{FunctionName}/event-invoke-config"),
        new("GetFunctionUrlConfig", "GET", "/2021-10-31/functions/{FunctionName}/url"),
        new("GetLayerVersion", "GET", "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}"),
        new("GetLayerVersionByArn", "GET", "/2018-10-31/layers"),
        new("GetLayerVersionPolicy", "GET", "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy"),
        new("GetPolicy", "GET", "/2015-03-31/functions/{FunctionName}/policy"),
        new("GetProvisionedConcurrencyConfig", "GET", "/2019-09-30/functions/{FunctionName}/provisioned-concurrency"),
        new("GetRuntimeManagementConfig", "GET", "/2021-07-20/functions/{FunctionName}/runtime-management-config"),
        new("Invoke", "POST", "/2015-03-31/functions/{FunctionName}/invocations"),
        new("InvokeAsync", "POST", "/2014-11-13/functions/{FunctionName}/invoke-async/"),
        new("ListAliases", "GET", "/2015-03-31/functions/{FunctionName}/aliases"),
        new("ListCodeSigningConfigs", "GET", "/2020-04-22/code-signing-configs/"),
        new("ListEventSourceMappings", "GET", "/2015-03-31/event-source-mappings/"),
        new("ListFunctionEventInvokeConfigs", "GET", "/2019-09-25/functions/{FunctionName}/event-invoke-config/list"),
        new("ListFunctionUrlConfigs", "GET", "/2021-10-31/functions/{FunctionName}/urls"),
        new("ListFunctions", "GET", "/2015-03-31/functions/"),
        new("ListFunctionsByCodeSigningConfig", "GET", "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}/functions"),
        new("ListLayerVersions", "GET", "/2018-10-31/layers/{LayerName}/versions"),
        new("ListLayers", "GET", "/2018-10-31/layers"),
        new("ListProvisionedConcurrencyConfigs", "GET", "/2019-09-30/functions/{FunctionName}/provisioned-concurrency"),
        new("ListTags", "GET", "/2017-03-31/tags/{ARN}"),
        new("ListVersionsByFunction", "GET", "/2015-03-31/functions/{FunctionName}/versions"),
        new("PublishLayerVersion", "POST", "/2018-10-31/layers/{LayerName}/versions"),
        new("PublishVersion", "POST", "/2015-03-31/functions/{FunctionName}/versions"),
        new("PutFunctionCodeSigningConfig", "PUT", "/2020-06-30/functions/{FunctionName}/code-signing-config"),
        new("PutFunctionConcurrency", "PUT", "/2017-10-31/functions/{FunctionName}/concurrency"),
        new("PutFunctionEventInvokeConfig", "PUT", "/2019-09-25/functions/{FunctionName}/event-invoke-config"),
        new("PutProvisionedConcurrencyConfig", "PUT", "/2019-09-30/functions/{FunctionName}/provisioned-concurrency"),
        new("PutRuntimeManagementConfig", "PUT", "/2021-07-20/functions/{FunctionName}/runtime-management-config"),
        new("RemoveLayerVersionPermission", "DELETE", "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy/{StatementId}"),
        new("RemovePermission", "DELETE", "/2015-03-31/functions/{FunctionName}/policy/{StatementId}"),
        new("TagResource", "POST", "/2017-03-31/tags/{ARN}"),
        new("UntagResource", "DELETE", "/2017-03-31/tags/{ARN}"),
        new("UpdateAlias", "PUT", "/2015-03-31/functions/{FunctionName}/aliases/{Name}"),
        new("UpdateCodeSigningConfig", "PUT", "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}"),
        new("UpdateEventSourceMapping", "PUT", "/2015-03-31/event-source-mappings/{UUID}"),
        new("UpdateFunctionCode", "PUT", "/2015-03-31/functions/{FunctionName}/code"),
        new("UpdateFunctionConfiguration", "PUT", "/2015-03-31/functions/{FunctionName}/configuration"),
        new("UpdateFunctionEventInvokeConfig", "POST", "/2019-09-25/functions/{FunctionName}/event-invoke-config"),
        new("UpdateFunctionUrlConfig", "PUT", "/2021-10-31/functions/{FunctionName}/url"),
    ];
}
