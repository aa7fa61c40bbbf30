using System.Collections.Immutable;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// A function's resource policies: AddPermission, GetPolicy, RemovePermission, one policy for the function and one
/// for each version and alias (the Qualifier). The emulator enforces them only where a function URL with AuthType
/// NONE needs it (see <see cref="FunctionPolicy.AllowsPublicUrl"/>); other statements are kept and shown, as on AWS.
/// </summary>
public sealed class FunctionPolicyService(ControlPlaneState state, FunctionService functions)
{
    /// <summary>The statements of one policy, the ARN they name, and how to store a changed list.</summary>
    public sealed record Policy(
        FunctionRecord Function, string Arn, ImmutableArray<FunctionPermission> Permissions, string? RevisionId,
        Func<ImmutableArray<FunctionPermission>, FunctionRecord> With);

    public (Policy Policy, FunctionPermission Added) AddPermission(string nameOrArn, string? qualifier, AddPermissionRequest request, string region)
    {
        var permission = FunctionPolicy.Validate(request);
        return state.Update(snapshot =>
        {
            var policy = Find(snapshot, nameOrArn, qualifier, region);
            CheckRevision(request.RevisionId, policy);
            if (policy.Permissions.Any(p => p.StatementId == permission.StatementId))
            {
                throw AwsException.ResourceConflict(
                    $"The statement id ({permission.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.");
            }
            var changed = policy.With(policy.Permissions.Add(permission));
            return (With(snapshot, changed), (policy, permission));
        });
    }

    public Policy GetPolicy(string nameOrArn, string? qualifier, string region)
    {
        var policy = Find(state.Current, nameOrArn, qualifier, region);
        return policy.Permissions.IsEmpty
            ? throw AwsException.ResourceNotFound("The resource you requested does not exist. The function has no resource policy: add a statement with add-permission.")
            : policy;
    }

    public void RemovePermission(string nameOrArn, string statementId, string? qualifier, string? revisionId, string region)
    {
        state.Update(snapshot =>
        {
            var policy = Find(snapshot, nameOrArn, qualifier, region);
            CheckRevision(revisionId, policy);
            var index = policy.Permissions.Select(p => p.StatementId).ToList().IndexOf(statementId);
            if (index < 0)
            {
                throw AwsException.ResourceNotFound(
                    $"Statement {statementId} is not found in resource policy. List the statements with get-policy.");
            }
            return (With(snapshot, policy.With(policy.Permissions.RemoveAt(index))), 0);
        });
    }

    /// <summary>
    /// The policy a qualifier names: the function's (none), a version's (a number) or an alias's. Lambda keeps none
    /// for $LATEST.
    /// </summary>
    private Policy Find(ControlPlaneSnapshot snapshot, string nameOrArn, string? qualifier, string region)
    {
        var parsed = FunctionNames.Parse(nameOrArn);
        var function = functions.Find(snapshot, parsed.Name, null, region);
        var arn = functions.Arn(function);
        qualifier ??= parsed.Qualifier;
        if (qualifier == FunctionRecord.LatestVersion)
        {
            throw AwsException.InvalidParameter("We currently do not support adding policies for $LATEST. Add the statement to the function itself: drop --qualifier.");
        }
        if (qualifier is null)
        {
            return new Policy(function, arn, function.Permissions, function.PolicyRevisionId,
                p => function with { Permissions = p, PolicyRevisionId = Guid.NewGuid().ToString() });
        }
        var resolved = FunctionVersions.Resolve(function, qualifier, arn);
        if (resolved.Alias is { } alias)
        {
            return new Policy(function, $"{arn}:{qualifier}", alias.Permissions, alias.PolicyRevisionId,
                p => function with { Aliases = function.Aliases.SetItem(alias.Name, alias with { Permissions = p, PolicyRevisionId = Guid.NewGuid().ToString() }) });
        }
        var version = resolved.Record;
        return new Policy(function, $"{arn}:{qualifier}", version.Permissions, version.PolicyRevisionId,
            p => function with { Versions = function.Versions.SetItem(function.Versions.First(v => v.Value == version).Key, version with { Permissions = p, PolicyRevisionId = Guid.NewGuid().ToString() }) });
    }

    private static ControlPlaneSnapshot With(ControlPlaneSnapshot snapshot, FunctionRecord function)
        => snapshot with { Functions = snapshot.Functions.SetItem(function.Key, function) };

    private static void CheckRevision(string? expected, Policy policy)
    {
        if (expected is not null && expected != policy.RevisionId)
        {
            throw AwsException.PreconditionFailed(
                "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id");
        }
    }
}
