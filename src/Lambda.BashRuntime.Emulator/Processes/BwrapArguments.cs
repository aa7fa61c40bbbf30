namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// The bubblewrap command line of one execution environment: Lambda's folders (/var/task and /opt read-only,
/// /var/runtime, a private /tmp on disk), the host's system folders read-only and nothing else of it (no home, no
/// repositories, no emulator state), Lambda's user id (993, sbx_user1051) in a user namespace of its own so its
/// process limit counts only its own processes, and its own PID namespace: when its first process exits, or bwrap
/// is killed (--die-with-parent), the kernel kills every process left in it. The network is the host's, as on
/// Lambda outside a VPC, so the Runtime API on 127.0.0.1 is reachable.
///
/// bwrap reads its options from a file descriptor (<c>--args FD</c>), not from its command line: bwrap is PID 1 of
/// the sandbox, and its command line (<c>/proc/1/cmdline</c>) would show the function every host folder it binds.
/// The function's environment is in those options too (<c>--clearenv</c>, <c>--setenv</c>), so no host-side
/// process (bwrap, the wrapper that starts it) ever runs with it: a function's <c>LD_PRELOAD</c> or <c>BASH_ENV</c>
/// takes effect inside the sandbox only.
/// </summary>
public static class BwrapArguments
{
    public const string TaskRoot = "/var/task";
    public const string Opt = "/opt";
    public const string RuntimeDirectory = "/var/runtime";

    /// <summary>Where the emulator's trace folder (Tracing.TraceFile) is bound, writable: no host path in view.</summary>
    public const string TraceFolder = "/run/lambda-trace";

    /// <summary>System folders: bound read-only when they are folders, recreated when they are symlinks (/bin -> usr/bin).</summary>
    private static readonly string[] SystemFolders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>What of /etc a program needs for users, DNS, TLS, time zones and the dynamic loader; not the rest.</summary>
    private static readonly string[] EtcEntries =
    [
        "passwd", "group", "nsswitch.conf", "hosts", "host.conf", "resolv.conf", "gai.conf", "services", "protocols",
        "ssl", "ca-certificates", "ca-certificates.conf", "pki", "crypto-policies", "alternatives", "localtime",
        "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "mime.types", "inputrc", "bash.bashrc", "profile",
    ];

    /// <summary>Where a bash that is not a system file (LAMBDA_BASH=~/bash-3.2/bin/bash) is bound in, read-only.</summary>
    public const string BoundBash = "/run/lambda-bash/bash";

    /// <summary>The options, for bwrap's <c>--args FD</c>: what the sandbox is made of and the environment inside it.</summary>
    public static IReadOnlyList<string> Options(SandboxMounts mounts, string? bash, IEnumerable<string> writableFolders,
        IReadOnlyDictionary<string, string> environment)
    {
        var args = new List<string>();
        foreach (var folder in SystemFolders)
        {
            var info = new DirectoryInfo(folder);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, folder]);
            }
            else if (info.Exists)
            {
                args.AddRange(["--ro-bind", folder, folder]);
            }
        }
        foreach (var entry in EtcEntries)
        {
            var path = "/etc/" + entry;
            if (File.Exists(path) || Directory.Exists(path))
            {
                args.AddRange(["--ro-bind", path, path]); // a symlinked resolv.conf is bound as the file it points to
            }
        }
        args.AddRange(["--ro-bind", mounts.Code, TaskRoot]);
        args.AddRange(["--ro-bind", mounts.Opt, Opt]);
        args.AddRange(["--ro-bind", mounts.Runtime, RuntimeDirectory]);
        args.AddRange(["--bind", mounts.Tmp, "/tmp"]);
        if (mounts.Trace is { } trace)
        {
            args.AddRange(["--bind", trace, TraceFolder]);
        }
        foreach (var folder in writableFolders)
        {
            args.AddRange(["--bind", folder, folder]);
        }
        if (bash is not null && !IsSystemFile(bash))
        {
            args.AddRange(["--ro-bind", bash, BoundBash]);
        }
        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        args.AddRange(["--unshare-user", "--uid", "993", "--gid", "990", "--unshare-pid", "--unshare-ipc", "--die-with-parent"]);
        args.AddRange(["--chdir", TaskRoot, "--clearenv"]);
        foreach (var (name, value) in environment)
        {
            args.AddRange(["--setenv", name, value]);
        }
        return args;
    }

    /// <summary>What bwrap runs, on its own command line (as the sandbox sees it: no host path).</summary>
    /// <param name="bash">The host bash that runs <paramref name="command"/>, or null to run the command itself.</param>
    public static IReadOnlyList<string> Command(string? bash, string command)
        => bash is null ? [command] : [IsSystemFile(bash) ? bash : BoundBash, command];

    /// <summary>Under a system folder the sandbox shows at the same path (/usr/bin/bash, /bin/bash).</summary>
    private static bool IsSystemFile(string path)
        => Path.IsPathRooted(path) && SystemFolders.Any(folder => path.StartsWith(folder + "/", StringComparison.Ordinal));
}

/// <summary>Host folders an environment's sandbox is made of.</summary>
public sealed record SandboxMounts(string Code, string Opt, string Runtime, string Tmp)
{
    /// <summary>The emulator's trace folder, bound at <see cref="BwrapArguments.TraceFolder"/>; null for none.</summary>
    public string? Trace { get; init; }
}
