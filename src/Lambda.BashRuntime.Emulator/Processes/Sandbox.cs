using System.Diagnostics;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>How execution environments are isolated (`--sandbox`).</summary>
public enum SandboxMode
{
    /// <summary>bwrap when it is installed and works here, else none (the default).</summary>
    Auto,
    /// <summary>Each environment in bubblewrap: /var/task, /opt, private /tmp, own PID namespace, system folders only.</summary>
    Bwrap,
    /// <summary>The runtime runs as the developer, in the local folders, with the host's /tmp.</summary>
    None,
}

/// <summary>The sandbox in use and the one line that says why (printed once at start).</summary>
public sealed record SandboxChoice(SandboxMode Mode, string? Bwrap, string Line)
{
    /// <summary>Environment variable giving the default of --sandbox (bwrap, none or auto).</summary>
    public const string Variable = "LAMBDA_BASH_SANDBOX";

    /// <summary>Parses bwrap, none or auto (any case); null for anything else.</summary>
    public static SandboxMode? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "bwrap" => SandboxMode.Bwrap,
        "none" => SandboxMode.None,
        "auto" or "" => SandboxMode.Auto,
        _ => null,
    };

    /// <summary>Decides once per process and mode: bwrap when asked (or by default) and it starts a namespace here, else none with the reason.</summary>
    public static SandboxChoice Decide(SandboxMode requested)
    {
        lock (Decided)
        {
            if (!Decided.TryGetValue(requested, out var choice))
            {
                Decided[requested] = choice = DecideNow(requested);
            }
            return choice;
        }
    }

    private static readonly Dictionary<SandboxMode, SandboxChoice> Decided = [];

    private static SandboxChoice DecideNow(SandboxMode requested)
    {
        if (requested == SandboxMode.Auto && Parse(Environment.GetEnvironmentVariable(Variable)) is { } fromVariable)
        {
            requested = fromVariable;
        }
        if (requested == SandboxMode.None)
        {
            return new(SandboxMode.None, null, "Sandbox: none (--sandbox none): runtimes run as you, in the local folders.");
        }
        if (!OperatingSystem.IsLinux())
        {
            return new(SandboxMode.None, null,
                "Sandbox: none: the bubblewrap sandbox is Linux-only; runtimes run as you, in the local folders.");
        }
        var bwrap = new[] { "/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap" }.FirstOrDefault(File.Exists);
        if (bwrap is null)
        {
            return new(SandboxMode.None, null,
                "Sandbox: none: bwrap is not installed (Debian/Ubuntu: sudo apt-get install bubblewrap); runtimes run as you, in the local folders.");
        }
        if (Probe(bwrap) is { } refused)
        {
            return new(SandboxMode.None, null,
                $"Sandbox: none: bwrap is installed but cannot start a sandbox here ({refused}); runtimes run as you, in the local folders.");
        }
        return new(SandboxMode.Bwrap, bwrap,
            "Sandbox: bwrap: code at /var/task and layers at /opt (read-only), private /tmp, own PID namespace (--sandbox none turns it off).");
    }

    /// <summary>Starts a throw-away namespace as an environment would get one; null when it works, else why not.</summary>
    private static string? Probe(string bwrap)
    {
        var start = new ProcessStartInfo(bwrap)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--unshare-user", "--uid", "993", "--gid", "990", "--unshare-pid", "--die-with-parent", "true" })
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return "it did not answer within 5 s";
            }
            var message = error.Result.Trim().Split('\n')[0].Trim();
            return process.ExitCode == 0 ? null
                : message.Length > 0 ? message + "; user namespaces may be restricted on this system"
                : $"exit code {process.ExitCode}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return e.Message;
        }
    }
}
