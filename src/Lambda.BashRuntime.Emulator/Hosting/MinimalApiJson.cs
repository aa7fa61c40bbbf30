using System.Text.Json.Serialization;

namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// First in the HTTP JSON options' resolver chain: the generated request delegates ask those options for the JSON
/// contract of <see cref="object"/> when each endpoint is built (at the first request). Answered here, that no longer
/// builds the reflection resolver's converters and Reflection.Emit accessors in every `invoke` process; any other type
/// still falls through to the default resolver, as before.
/// </summary>
[JsonSerializable(typeof(object))]
internal sealed partial class MinimalApiJson : JsonSerializerContext;
