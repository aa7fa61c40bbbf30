using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Policies;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// A function's resource policy as Lambda writes it (statement JSON, the whole document), and the one question the
/// emulator asks of it: may anyone call this function's public (AuthType NONE) URL? Since October 2025 that takes two
/// statements for Principal "*" (see https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html):
/// lambda:InvokeFunctionUrl with the condition lambda:FunctionUrlAuthType = NONE, and lambda:InvokeFunction with
/// lambda:InvokedViaFunctionUrl = true.
/// </summary>
public static class FunctionPolicy
{
    public const string InvokeFunctionUrl = "lambda:InvokeFunctionUrl";
    public const string InvokeFunction = "lambda:InvokeFunction";

    public static FunctionPermission Validate(AddPermissionRequest request)
    {
        if (string.IsNullOrEmpty(request.StatementId) || request.StatementId.Length > 100
            || !request.StatementId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw AwsException.InvalidParameter("StatementId is required: pass --statement-id with letters, digits, hyphens or underscores (up to 100).");
        }
        var action = request.Action ?? "";
        if (!(action == "*" || (action.StartsWith("lambda:", StringComparison.Ordinal) && action.Length > 7
            && (action[7..] == "*" || action[7..].All(char.IsAsciiLetter)))))
        {
            throw AwsException.InvalidParameter($"Action '{action}' is not valid: pass an action such as {InvokeFunction} or {InvokeFunctionUrl}.");
        }
        if (string.IsNullOrWhiteSpace(request.Principal) || request.Principal.Any(char.IsWhiteSpace))
        {
            throw AwsException.InvalidParameter(
                "Principal is required: pass * (anyone), an account id, or a service such as s3.amazonaws.com.");
        }
        if (request.FunctionUrlAuthType is not null)
        {
            FunctionUrlValidation.AuthType(request.FunctionUrlAuthType);
            if (action != InvokeFunctionUrl)
            {
                throw AwsException.InvalidParameter($"FunctionUrlAuthType is only valid with --action {InvokeFunctionUrl}.");
            }
        }
        if (request.InvokedViaFunctionUrl is not null && action != InvokeFunction)
        {
            throw AwsException.InvalidParameter($"InvokedViaFunctionUrl is only valid with --action {InvokeFunction}.");
        }
        return new FunctionPermission
        {
            StatementId = request.StatementId,
            Action = action,
            Principal = request.Principal,
            SourceArn = request.SourceArn,
            SourceAccount = request.SourceAccount,
            PrincipalOrgID = request.PrincipalOrgID,
            FunctionUrlAuthType = request.FunctionUrlAuthType,
            InvokedViaFunctionUrl = request.InvokedViaFunctionUrl,
        };
    }

    /// <summary>True when the statements let anyone call a NONE URL: both statements AWS requires since October 2025.</summary>
    public static bool AllowsPublicUrl(IEnumerable<FunctionPermission> permissions)
    {
        var anonymous = permissions.Where(p => p.Principal == "*" && p.SourceArn is null && p.SourceAccount is null && p.PrincipalOrgID is null).ToList();
        return anonymous.Any(p => Covers(p.Action, InvokeFunctionUrl) && p.FunctionUrlAuthType is null or FunctionUrlValidation.None)
            && anonymous.Any(p => Covers(p.Action, InvokeFunction) && p.InvokedViaFunctionUrl is null or true);
    }

    public static string Statement(FunctionPermission permission, string functionArn) => ToStatement(permission, functionArn).ToJson();

    public static string Document(IEnumerable<FunctionPermission> permissions, string functionArn)
        => PolicyStatement.Document(permissions.Select(p => ToStatement(p, functionArn)));

    private static bool Covers(string granted, string action) => granted is "*" or "lambda:*" || granted == action;

    private static PolicyStatement ToStatement(FunctionPermission permission, string functionArn)
    {
        var conditions = new List<PolicyCondition>();
        if (permission.SourceAccount is { } account)
        {
            conditions.Add(new("StringEquals", "AWS:SourceAccount", account));
        }
        if (permission.PrincipalOrgID is { } organization)
        {
            conditions.Add(new("StringEquals", "aws:PrincipalOrgID", organization));
        }
        if (permission.FunctionUrlAuthType is { } authType)
        {
            conditions.Add(new("StringEquals", "lambda:FunctionUrlAuthType", authType));
        }
        if (permission.SourceArn is { } sourceArn)
        {
            conditions.Add(new("ArnLike", "AWS:SourceArn", sourceArn));
        }
        if (permission.InvokedViaFunctionUrl is { } viaUrl)
        {
            conditions.Add(new("Bool", "lambda:InvokedViaFunctionUrl", viaUrl ? "true" : "false"));
        }
        return new PolicyStatement(permission.StatementId, permission.Principal, permission.Action, functionArn, conditions);
    }
}
