using System.Text.Json.Serialization;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Layers;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>Source-generated JSON for every control-plane body; absent members are left out, as AWS leaves them out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateFunctionRequest))]
[JsonSerializable(typeof(UpdateFunctionConfigurationRequest))]
[JsonSerializable(typeof(UpdateFunctionCodeRequest))]
[JsonSerializable(typeof(FunctionConfiguration))]
[JsonSerializable(typeof(GetFunctionResponse))]
[JsonSerializable(typeof(ListFunctionsResponse))]
[JsonSerializable(typeof(PublishLayerVersionRequest))]
[JsonSerializable(typeof(AddLayerVersionPermissionRequest))]
[JsonSerializable(typeof(LayerVersionResponse))]
[JsonSerializable(typeof(ListLayersResponse))]
[JsonSerializable(typeof(ListLayerVersionsResponse))]
[JsonSerializable(typeof(AddLayerVersionPermissionResponse))]
[JsonSerializable(typeof(GetLayerVersionPolicyResponse))]
[JsonSerializable(typeof(CreateFunctionUrlConfigRequest))]
[JsonSerializable(typeof(UpdateFunctionUrlConfigRequest))]
[JsonSerializable(typeof(CreateFunctionUrlConfigResponse))]
[JsonSerializable(typeof(FunctionUrlConfig))]
[JsonSerializable(typeof(ListFunctionUrlConfigsResponse))]
[JsonSerializable(typeof(AddPermissionRequest))]
[JsonSerializable(typeof(AddPermissionResponse))]
[JsonSerializable(typeof(GetPolicyResponse))]
[JsonSerializable(typeof(PublishVersionRequest))]
[JsonSerializable(typeof(ListVersionsByFunctionResponse))]
[JsonSerializable(typeof(CreateAliasRequest))]
[JsonSerializable(typeof(UpdateAliasRequest))]
[JsonSerializable(typeof(AliasConfiguration))]
[JsonSerializable(typeof(ListAliasesResponse))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(ListTagsResponse))]
[JsonSerializable(typeof(PutFunctionConcurrencyRequest))]
[JsonSerializable(typeof(Concurrency))]
[JsonSerializable(typeof(GetFunctionConcurrencyResponse))]
[JsonSerializable(typeof(GetAccountSettingsResponse))]
internal sealed partial class ControlPlaneJsonContext : JsonSerializerContext;
