using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Policies;
using Lambda.BashRuntime.Emulator.Storage;

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
    public static string Statement(LayerPermission permission, string layerVersionArn) => ToStatement(permission, layerVersionArn).ToJson();

    public static string Document(IEnumerable<LayerPermission> permissions, string layerVersionArn)
        => PolicyStatement.Document(permissions.Select(p => ToStatement(p, layerVersionArn)));

    private static PolicyStatement ToStatement(LayerPermission permission, string layerVersionArn)
        => new(permission.StatementId, permission.Principal, permission.Action, layerVersionArn,
            permission.OrganizationId is { } organization ? [new("StringEquals", "aws:PrincipalOrgID", organization)] : []);
}
