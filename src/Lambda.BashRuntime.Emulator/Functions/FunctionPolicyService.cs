using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// A function's resource policy: AddPermission, GetPolicy, RemovePermission. The emulator enforces it only where a
/// function URL with AuthType NONE needs it (see <see cref="FunctionPolicy.AllowsPublicUrl"/>); other statements are
/// kept and shown, as on AWS.
/// </summary>
public sealed class FunctionPolicyService(ControlPlaneState state, FunctionService functions)
{
    public (FunctionRecord Function, FunctionPermission Added) AddPermission(string nameOrArn, string? qualifier, AddPermissionRequest request, string region)
    {
        var permission = FunctionPolicy.Validate(request);
        return state.Update(snapshot =>
        {
            var function = Find(snapshot, nameOrArn, qualifier, region);
            CheckRevision(request.RevisionId, function);
            if (function.Permissions.Any(p => p.StatementId == permission.StatementId))
            {
                throw AwsException.ResourceConflict(
                    $"The statement id ({permission.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.");
            }
            var changed = function with { Permissions = function.Permissions.Add(permission), PolicyRevisionId = Guid.NewGuid().ToString() };
            return (snapshot with { Functions = snapshot.Functions.SetItem(changed.FunctionName, changed) }, (changed, permission));
        });
    }

    public FunctionRecord GetPolicy(string nameOrArn, string? qualifier, string region)
    {
        var function = Find(state.Current, nameOrArn, qualifier, region);
        return function.Permissions.IsEmpty
            ? throw AwsException.ResourceNotFound("The resource you requested does not exist. The function has no resource policy: add a statement with add-permission.")
            : function;
    }

    public void RemovePermission(string nameOrArn, string statementId, string? qualifier, string? revisionId, string region)
    {
        state.Update(snapshot =>
        {
            var function = Find(snapshot, nameOrArn, qualifier, region);
            CheckRevision(revisionId, function);
            var index = function.Permissions.Select(p => p.StatementId).ToList().IndexOf(statementId);
            if (index < 0)
            {
                throw AwsException.ResourceNotFound(
                    $"Statement {statementId} is not found in resource policy. List the statements with get-policy.");
            }
            var changed = function with { Permissions = function.Permissions.RemoveAt(index), PolicyRevisionId = Guid.NewGuid().ToString() };
            return (snapshot with { Functions = snapshot.Functions.SetItem(changed.FunctionName, changed) }, 0);
        });
    }

    /// <summary>The function; a policy belongs to the unqualified function here (Lambda keeps none for $LATEST, and the emulator has no versions or aliases).</summary>
    private FunctionRecord Find(ControlPlaneSnapshot snapshot, string nameOrArn, string? qualifier, string region)
    {
        var parsed = FunctionNames.Parse(nameOrArn);
        var function = functions.Find(snapshot, parsed.Name, null, region);
        qualifier ??= parsed.Qualifier;
        if (qualifier == "$LATEST")
        {
            throw AwsException.InvalidParameter("We currently do not support adding policies for $LATEST. Add the statement to the function itself: drop --qualifier.");
        }
        if (qualifier is not null)
        {
            throw AwsException.ResourceNotFound(
                $"Function not found: {functions.Arn(function)}:{qualifier}. The emulator has no versions or aliases: drop --qualifier.");
        }
        return function;
    }

    private static void CheckRevision(string? expected, FunctionRecord function)
    {
        if (expected is not null && expected != function.PolicyRevisionId)
        {
            throw AwsException.PreconditionFailed(
                "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id");
        }
    }
}
