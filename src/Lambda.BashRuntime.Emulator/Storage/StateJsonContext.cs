using System.Text.Json.Serialization;

namespace Lambda.BashRuntime.Emulator.Storage;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ControlPlaneSnapshot))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
