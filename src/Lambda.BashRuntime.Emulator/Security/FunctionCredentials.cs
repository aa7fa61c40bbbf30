using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Lambda.BashRuntime.Emulator.Security;

/// <summary>
/// The credentials each execution environment gets in <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and
/// <c>AWS_SESSION_TOKEN</c>, as Lambda gives each environment its execution role's temporary credentials. Issued here
/// per environment (random, shaped as STS's: an ASIA key id, a 40-character secret, a session token), known to this
/// emulator only, and forgotten when the environment is retired. A request whose credential scope names such a key id
/// is the function's own (with its session token checked): it may invoke, read and list, and control-plane writes are
/// refused unless the emulator was started with <c>--allow-function-writes</c>. See <see cref="FunctionRequests"/>.
/// </summary>
public sealed class FunctionCredentials
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private readonly ConcurrentDictionary<string, IssuedCredentials> _issued = new(StringComparer.Ordinal);

    public IssuedCredentials Issue(string functionName, string functionArn)
    {
        var account = functionArn.Split(':') is { Length: > 4 } parts ? parts[4] : LambdaRules.DefaultAccountId;
        while (true)
        {
            var credentials = new IssuedCredentials(
                "ASIA" + RandomNumberGenerator.GetString(KeyAlphabet, 16),
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
                functionName,
                $"arn:aws:sts::{account}:assumed-role/{functionName}-role/{functionName}");
            if (_issued.TryAdd(credentials.AccessKeyId, credentials))
            {
                return credentials;
            }
        }
    }

    public void Revoke(IssuedCredentials credentials) => _issued.TryRemove(credentials.AccessKeyId, out _);

    /// <summary>The credentials issued under <paramref name="accessKeyId"/>, while their environment lives.</summary>
    public IssuedCredentials? Find(string accessKeyId) => _issued.GetValueOrDefault(accessKeyId);
}

/// <summary>One environment's credentials; <see cref="Principal"/> is who AWS would say is calling (an assumed role).</summary>
public sealed record IssuedCredentials(
    string AccessKeyId, string SecretAccessKey, string SessionToken, string FunctionName, string Principal)
{
    public override string ToString() => $"{AccessKeyId} ({Principal})"; // never the secret
}
