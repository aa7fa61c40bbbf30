using System.Text.RegularExpressions;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>The checks Lambda makes on a function URL's configuration (service model limits), with what to fix.</summary>
public static partial class FunctionUrlValidation
{
    public const string None = "NONE";
    public const string AwsIam = "AWS_IAM";
    public const string Buffered = FunctionUrlRecord.Buffered;
    public const string ResponseStream = "RESPONSE_STREAM";

    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "*"];

    public static string AuthType(string? authType) => authType is None or AwsIam
        ? authType
        : throw AwsException.InvalidParameter(
            $"1 validation error detected: Value '{authType ?? "(none)"}' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]. Pass --auth-type NONE (public) or AWS_IAM (signed requests only).");

    public static string InvokeMode(string? invokeMode) => invokeMode is Buffered or ResponseStream
        ? invokeMode
        : throw AwsException.InvalidParameter(
            $"1 validation error detected: Value '{invokeMode}' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM].");

    /// <summary>"" for the unqualified function, "$LATEST", or one of the function's aliases (never a version number).</summary>
    public static string Qualifier(string? qualifier, string functionArn, IReadOnlySet<string> aliases)
    {
        if (string.IsNullOrEmpty(qualifier) || qualifier == "$LATEST")
        {
            return qualifier ?? "";
        }
        if (qualifier.Length > 128 || !QualifierPattern().IsMatch(qualifier))
        {
            throw AwsException.InvalidParameter(
                $"1 validation error detected: Value '{qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+)). A function URL names $LATEST or an alias, never a version number.");
        }
        return aliases.Contains(qualifier) ? qualifier : throw AwsException.ResourceNotFound(
            $"Function not found: {functionArn}:{qualifier}. Create the alias with create-alias, or pass $LATEST or no qualifier.");
    }

    public static Cors? Cors(Cors? cors)
    {
        if (cors is null)
        {
            return null;
        }
        CheckList(cors.AllowOrigins, 100, "AllowOrigins", o => o.Length is >= 1 and <= 253, "origins such as https://www.example.com, or *");
        CheckList(cors.AllowMethods, 6, "AllowMethods", m => Methods.Contains(m.ToUpperInvariant()), $"methods among {string.Join(", ", Methods)}");
        CheckList(cors.AllowHeaders, 100, "AllowHeaders", h => h.Length <= 1024, "header names");
        CheckList(cors.ExposeHeaders, 100, "ExposeHeaders", h => h.Length <= 1024, "header names");
        if (cors.MaxAge is < 0 or > 86400)
        {
            throw AwsException.InvalidParameter($"Cors.MaxAge {cors.MaxAge} is out of range: use 0 to 86400 seconds.");
        }
        return cors;
    }

    private static void CheckList(List<string>? values, int max, string member, Func<string, bool> valid, string expected)
    {
        if (values is not null && (values.Count > max || values.FirstOrDefault(v => !valid(v)) is not null))
        {
            throw AwsException.InvalidParameter($"Cors.{member} [{string.Join(", ", values)}] is not valid: give at most {max} {expected}.");
        }
    }

    [GeneratedRegex("^(?![0-9]+$)[a-zA-Z0-9_-]+$")]
    private static partial Regex QualifierPattern();
}
