using System.Net;
using System.Text.Json;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// The Lambda service model the AWS CLI itself uses (botocore's service-2.json): answers are checked against it,
/// operation by operation, instead of against shapes copied by hand.
/// </summary>
public static class ServiceModel
{
    public const string Location = "/usr/lib/python3/dist-packages/awscli/botocore/data/lambda/2015-03-31/service-2.json";

    /// <summary>
    /// Members of the current Lambda API that the CLI 2.9 model predates, with their enum values (API reference:
    /// CreateFunctionUrlConfig, FunctionUrlConfig): checked by value here, since the model cannot check them.
    /// </summary>
    private static readonly Dictionary<string, string[]> NewerMembers = new(StringComparer.Ordinal)
    {
        ["InvokeMode"] = ["BUFFERED", "RESPONSE_STREAM"],
    };

    /// <summary>
    /// Structures of the current API the CLI 2.9 model predates (API reference: LoggingConfig), member by member:
    /// allowed values, or null for any string.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string[]?>> NewerStructures = new(StringComparer.Ordinal)
    {
        ["LoggingConfig"] = new(StringComparer.Ordinal)
        {
            ["LogFormat"] = ["JSON", "Text"],
            ["ApplicationLogLevel"] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"],
            ["SystemLogLevel"] = ["DEBUG", "INFO", "WARN"],
            ["LogGroup"] = null,
        },
    };

    /// <summary>
    /// Enum values the current API answers that the CLI 2.9 model does not list: "Creating" as LastUpdateStatusReasonCode
    /// (AWS answers it, with "The function is being created.", while an update is InProgress).
    /// </summary>
    private static readonly Dictionary<string, string[]> NewerEnumValues = new(StringComparer.Ordinal)
    {
        ["LastUpdateStatusReasonCode"] = ["Creating"],
    };

    private static readonly Lazy<JsonElement> Model = new(() => JsonDocument.Parse(File.ReadAllBytes(Location)).RootElement);

    public static JsonElement Operation(string name) => Model.Value.GetProperty("operations").GetProperty(name);

    /// <summary>Method and path template as the model gives them, e.g. ("POST", "/2015-03-31/functions").</summary>
    public static (string Method, string RequestUri, int ResponseCode) Http(string operation)
    {
        var http = Operation(operation).GetProperty("http");
        return (http.GetProperty("method").GetString()!, http.GetProperty("requestUri").GetString()!,
            http.TryGetProperty("responseCode", out var code) ? code.GetInt32() : 200);
    }

    /// <summary>Asserts the status is the operation's and the body matches its output shape.</summary>
    public static async Task<JsonElement> AssertOutputAsync(string operation, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(Http(operation).ResponseCode == (int)response.StatusCode,
            $"{operation}: expected HTTP {Http(operation).ResponseCode}, got {(int)response.StatusCode}: {body}");
        if (!Operation(operation).TryGetProperty("output", out var output))
        {
            Assert.Equal("", body);
            return default;
        }
        var json = JsonDocument.Parse(body).RootElement;
        AssertShape(output.GetProperty("shape").GetString()!, json, operation);
        return json;
    }

    /// <summary>Asserts an error the operation may return: status, X-Amzn-ErrorType, body shape; returns the message.</summary>
    public static async Task<string> AssertErrorAsync(string operation, string errorType, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var errors = Operation(operation).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("shape").GetString()).ToList();
        Assert.Contains(errorType, errors);
        var shape = Shape(errorType);
        Assert.Equal((HttpStatusCode)shape.GetProperty("error").GetProperty("httpStatusCode").GetInt32(), response.StatusCode);
        Assert.Equal(errorType, Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
        var json = JsonDocument.Parse(body).RootElement;
        AssertShape(errorType, json, operation);
        Assert.Equal((int)response.StatusCode >= 500 ? "Service" : "User", json.GetProperty("Type").GetString());
        var message = json.TryGetProperty("message", out var m) ? m : json.GetProperty("Message");
        Assert.False(string.IsNullOrWhiteSpace(message.GetString()));
        return message.GetString()!;
    }

    public static void AssertShape(string shapeName, JsonElement value, string path)
    {
        var shape = Shape(shapeName);
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure":
                Assert.True(value.ValueKind == JsonValueKind.Object, $"{path}: {shapeName} must be an object, is {value.ValueKind}");
                var members = shape.GetProperty("members");
                foreach (var property in value.EnumerateObject())
                {
                    if (!members.TryGetProperty(property.Name, out var member) && NewerMembers.TryGetValue(property.Name, out var allowed))
                    {
                        Assert.True(property.Value.ValueKind == JsonValueKind.String && allowed.Contains(property.Value.GetString()),
                            $"{path}.{property.Name}: expected one of [{string.Join(", ", allowed)}], got {property.Value}");
                        continue;
                    }
                    if (!members.TryGetProperty(property.Name, out member) && NewerStructures.TryGetValue(property.Name, out var newerStructure))
                    {
                        Assert.True(property.Value.ValueKind == JsonValueKind.Object, $"{path}.{property.Name} must be an object");
                        foreach (var field in property.Value.EnumerateObject())
                        {
                            Assert.True(newerStructure.TryGetValue(field.Name, out var allowedValues) && field.Value.ValueKind == JsonValueKind.String
                                && (allowedValues is null || allowedValues.Contains(field.Value.GetString())),
                                $"{path}.{property.Name}.{field.Name}: not a member, or not one of its values: {field.Value}");
                        }
                        continue;
                    }
                    Assert.True(members.TryGetProperty(property.Name, out member), $"{path}: {shapeName} has no member '{property.Name}'");
                    AssertShape(member.GetProperty("shape").GetString()!, property.Value, $"{path}.{property.Name}");
                }
                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        Assert.True(value.TryGetProperty(name, out _), $"{path}: required member '{name}' of {shapeName} is missing");
                    }
                }
                break;
            case "list":
                Assert.True(value.ValueKind == JsonValueKind.Array, $"{path}: {shapeName} must be an array");
                var item = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    AssertShape(item, element, $"{path}[{index++}]");
                }
                break;
            case "map":
                Assert.True(value.ValueKind == JsonValueKind.Object, $"{path}: {shapeName} must be an object (map)");
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                foreach (var property in value.EnumerateObject())
                {
                    AssertShape(valueShape, property.Value, $"{path}.{property.Name}");
                }
                break;
            case "timestamp":
                // rest-json writes timestamps as epoch seconds unless the shape says otherwise (FunctionEventInvokeConfig.LastModified).
                Assert.True(value.ValueKind == JsonValueKind.Number, $"{path}: {shapeName} must be epoch seconds (a number), is {value.ValueKind}");
                break;
            case "string" or "blob":
                Assert.True(value.ValueKind == JsonValueKind.String, $"{path}: {shapeName} must be a string, is {value.ValueKind}");
                // The CLI's model (2.9) predates provided.al2023: Runtime is checked by the tests that set it.
                if (shape.TryGetProperty("enum", out var values) && shapeName != "Runtime"
                    && !(NewerEnumValues.TryGetValue(shapeName, out var newer) && newer.Contains(value.GetString())))
                {
                    Assert.Contains(value.GetString(), values.EnumerateArray().Select(v => v.GetString()));
                }
                break;
            case "integer" or "long":
                Assert.True(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _), $"{path}: {shapeName} must be an integer");
                break;
            case "double" or "float":
                Assert.True(value.ValueKind == JsonValueKind.Number, $"{path}: {shapeName} must be a number");
                break;
            case "boolean":
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{path}: {shapeName} must be a boolean");
                break;
            default:
                Assert.Fail($"{path}: unexpected shape type {type}");
                break;
        }
    }

    private static JsonElement Shape(string name) => Model.Value.GetProperty("shapes").GetProperty(name);
}
