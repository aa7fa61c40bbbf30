using Lambda.BashRuntime.Emulator.Storage;
using System.Text;
using System.Text.Json;
using Lambda.BashRuntime.Emulator.Errors;

namespace Lambda.BashRuntime.Emulator.Layers;

/// <summary>A layer version's resource policy as Lambda writes it: statement JSON and the whole policy document.</summary>
internal static class LayerPolicy
{
    public const string AllowedAction = "lambda:GetLayerVersion";

    public static LayerPermission Validate(AddLayerVersionPermissionRequest request)
    {
        if (string.IsNullOrEmpty(request.StatementId) || !request.StatementId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || request.StatementId.Length > 100)
        {
            throw AwsException.InvalidParameter("StatementId is required: pass --statement-id with letters, digits, hyphens or underscores (up to 100).");
        }
        if (request.Action != AllowedAction)
        {
            throw AwsException.InvalidParameter($"Action '{request.Action}' is not allowed on a layer version: pass --action {AllowedAction}.");
        }
        var principal = request.Principal ?? "";
        var validPrincipal = principal == "*"
            || (principal.Length == 12 && principal.All(char.IsAsciiDigit))
            || (principal.StartsWith("arn:aws:iam::", StringComparison.Ordinal) && principal.EndsWith(":root", StringComparison.Ordinal));
        if (!validPrincipal)
        {
            throw AwsException.InvalidParameter(
                $"Principal '{principal}' is not valid: pass an account id (123456789012), an account ARN (arn:aws:iam::123456789012:root), or * for every account (with --organization-id to limit it to one organization).");
        }
        return new LayerPermission(request.StatementId, AllowedAction, principal, request.OrganizationId);
    }

    /// <summary>{"Sid":"publish","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"arn:..."}</summary>
    public static string Statement(LayerPermission permission, string layerVersionArn)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteStatement(writer, permission, layerVersionArn);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Document(IEnumerable<LayerPermission> permissions, string layerVersionArn)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Version", "2012-10-17");
            writer.WriteString("Id", "default");
            writer.WriteStartArray("Statement");
            foreach (var permission in permissions)
            {
                WriteStatement(writer, permission, layerVersionArn);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStatement(Utf8JsonWriter writer, LayerPermission permission, string layerVersionArn)
    {
        writer.WriteStartObject();
        writer.WriteString("Sid", permission.StatementId);
        writer.WriteString("Effect", "Allow");
        if (permission.Principal == "*")
        {
            writer.WriteString("Principal", "*");
        }
        else
        {
            writer.WriteStartObject("Principal");
            writer.WriteString("AWS", permission.Principal.StartsWith("arn:", StringComparison.Ordinal)
                ? permission.Principal
                : $"arn:aws:iam::{permission.Principal}:root");
            writer.WriteEndObject();
        }
        writer.WriteString("Action", permission.Action);
        writer.WriteString("Resource", layerVersionArn);
        if (permission.OrganizationId is { } organization)
        {
            writer.WriteStartObject("Condition");
            writer.WriteStartObject("StringEquals");
            writer.WriteString("aws:PrincipalOrgID", organization);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
