using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// Open connections allowed per listener, so that clients holding connections open can never use up the process's
/// file descriptors (running out makes accept fail and takes the emulator down). Half the descriptors still free at
/// start (the runtime itself holds about 170 at idle, one per loaded assembly among them) are given to connections,
/// the rest stays for assemblies loaded later, log files, packages and runtimes: each Runtime API port takes
/// <see cref="PerRuntimePort"/>, the Invoke API the remainder, at most <see cref="MaxAwsApi"/>; each function URL port
/// takes at most <see cref="PerFunctionUrl"/> from the other half. Past the limit a new connection is closed at once;
/// the emulator keeps serving the connections it has.
/// </summary>
public static class ConnectionLimits
{
    /// <summary>A runtime holds one connection for /next and opens one per answer; late ones of a killed predecessor.</summary>
    public const int PerRuntimePort = 8;

    /// <summary>Upper bound on the Invoke API and control plane's open connections.</summary>
    public const int MaxAwsApi = 1000;

    /// <summary>A browser opens about six connections per site; curl and load tools a few more.</summary>
    public const int PerFunctionUrl = 128;

    private const int MinAwsApi = 16;

    /// <summary>Connections the Invoke API (and control plane) listener accepts at once.</summary>
    public static int AwsApi(EmulatorOptions options, int runtimePorts)
        => options.MaxConnectionsPerListener
            ?? Math.Clamp((int)Math.Min(int.MaxValue, (DescriptorLimit() - DescriptorsInUse()) / 2) - runtimePorts * PerRuntimePort,
                MinAwsApi, MaxAwsApi);

    /// <summary>Connections each Runtime API port accepts at once.</summary>
    public static int RuntimePort(EmulatorOptions options)
        => Math.Min(PerRuntimePort, options.MaxConnectionsPerListener ?? PerRuntimePort);

    /// <summary>Connections each function URL port accepts at once.</summary>
    public static int FunctionUrl(EmulatorOptions options)
        => Math.Min(PerFunctionUrl, options.MaxConnectionsPerListener ?? PerFunctionUrl);

    /// <summary>A connection middleware that closes connections past <paramref name="limit"/> at once.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(int limit)
    {
        var open = 0;
        return next => async connection =>
        {
            try
            {
                if (Interlocked.Increment(ref open) > limit)
                {
                    connection.Abort(new ConnectionAbortedException($"more than {limit} open connections on this port"));
                    return;
                }
                await next(connection);
            }
            finally
            {
                Interlocked.Decrement(ref open);
            }
        };
    }

    /// <summary>The soft RLIMIT_NOFILE (.NET raises it to the hard limit at start); 1,024 where it cannot be read.</summary>
    private static long DescriptorLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 1024;
        }
        return GetRLimit(7 /* RLIMIT_NOFILE */, out var limit) == 0 && limit.Current > 0 ? (long)Math.Min(limit.Current, long.MaxValue) : 1024;
    }

    private static long DescriptorsInUse()
        => OperatingSystem.IsLinux() ? Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount() : 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);
}
