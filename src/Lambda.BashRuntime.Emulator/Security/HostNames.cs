namespace Lambda.BashRuntime.Emulator.Security;

/// <summary>
/// The Host header check against DNS rebinding: a page on evil.example whose name later resolves to 127.0.0.1 is
/// same-origin with the emulator for the browser, and only the Host header it sends (evil.example:PORT) tells it apart.
/// Accepted: 127.0.0.1 and localhost with the port the request arrived on, and the names given with --allowed-host
/// (any port: a forwarded name such as a Codespaces or dev-container address comes with the forwarder's port).
/// </summary>
public sealed class HostNames(IEnumerable<string> allowedHosts)
{
    private static readonly string[] Loopback = ["127.0.0.1", "localhost"];
    private readonly HashSet<string> _allowed = new(allowedHosts.Select(Normalize), StringComparer.OrdinalIgnoreCase);

    public bool IsAccepted(string? hostHeader, int localPort)
    {
        if (string.IsNullOrEmpty(hostHeader) || !TrySplit(hostHeader, out var name, out var port))
        {
            return false;
        }
        if (_allowed.Contains(name))
        {
            return true;
        }
        return Loopback.Contains(name, StringComparer.OrdinalIgnoreCase) && (port ?? 80) == localPort;
    }

    /// <summary>Null when <paramref name="name"/> can be given to --allowed-host, else what is wrong with it.</summary>
    public static string? Validate(string name)
    {
        var normalized = Normalize(name);
        if (normalized.Length is 0 or > 253 || !normalized.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
        {
            return $"--allowed-host '{name}' is not a host name (letters, digits, '.' and '-', without a port or scheme).";
        }
        return Loopback.Contains(normalized, StringComparer.OrdinalIgnoreCase)
            ? $"--allowed-host '{name}' is not needed: 127.0.0.1 and localhost with the emulator's port are always accepted."
            : null;
    }

    private static string Normalize(string name) => name.Trim().TrimEnd('.');

    private static bool TrySplit(string host, out string name, out int? port)
    {
        name = host;
        port = null;
        var colon = host.LastIndexOf(':');
        if (host.StartsWith('[') || colon < 0)
        {
            name = Normalize(host); // IPv6 literals are never ours: the emulator listens on IPv4 loopback only
            return !host.StartsWith('[');
        }
        if (!int.TryParse(host.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out var parsed) || parsed > 65535)
        {
            return false;
        }
        name = Normalize(host[..colon]);
        port = parsed;
        return true;
    }
}
