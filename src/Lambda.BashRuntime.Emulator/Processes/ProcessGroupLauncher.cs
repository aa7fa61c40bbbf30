using System.Diagnostics;
using System.Globalization;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>
/// How a runtime gets a process group of its own, so that a kill reaches everything it started (a handler's
/// background jobs) and the wrapper's watchdog (`kill -KILL 0`) reaches only that group, never the emulator's.
///
/// With setsid (Linux) the runtime is started through it: it leads a session and group of its own. Without it (macOS,
/// a Linux without util-linux) a small starter shell turns on job control (`set -m`), under which bash starts each
/// background job in a new process group led by the job itself: the starter runs the runtime's wrapper as such a job,
/// writes the job's pid (= its group) on its stdout for the emulator, then only waits for it and exits with its status.
/// The starter sends no signal and stays in the emulator's group; everything the runtime runs is in the new group, so
/// nothing the emulator starts can signal the emulator's group, whatever order things are closed in.
/// </summary>
public sealed class ProcessGroupLauncher
{
    /// <summary>
    /// $@: the command to run in a group of its own. Its stdin (the watchdog pipe) goes through as fd 0; the starter's
    /// own stderr goes to /dev/null (job-control notices such as "Killed"), the job's to the emulator's stderr as before.
    /// Its stdout carries one line, the job's pid, then closes.
    /// </summary>
    public const string Starter = """
        set -m
        exec 3<&0 4>&2 2>/dev/null
        "$@" <&3 >/dev/null 2>&4 3<&- 4>&- &
        echo "$!"
        exec >&- 3<&- 4>&-
        wait "$!"
        """;

    private ProcessGroupLauncher(string? setsid) => Setsid = setsid;

    /// <summary>setsid where this machine has it, else the starter.</summary>
    public static ProcessGroupLauncher ForThisMachine { get; } = new(new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists));

    /// <summary>The starter, as on macOS: what tests use to run the Mac's way on Linux.</summary>
    public static ProcessGroupLauncher WithoutSetsid { get; } = new(null);

    /// <summary>The setsid used, or null when the starter is.</summary>
    public string? Setsid { get; }

    /// <summary>What to start: setsid, or the bash that runs the starter.</summary>
    public string FileName(string bash) => Setsid ?? bash;

    /// <summary>The arguments before the bash command line of the runtime (which starts with <paramref name="bash"/>'s own arguments).</summary>
    public IReadOnlyList<string> Prefix(string bash) => Setsid is not null ? [bash] : ["-c", Starter, "group-start", bash];

    /// <summary>The starter writes the group on stdout.</summary>
    public bool RedirectsOutput => Setsid is null;

    /// <summary>
    /// The runtime's process group once started: with setsid the process itself (setsid execs), else the pid the
    /// starter wrote (read once; 0 when it wrote none, e.g. it could not start the job).
    /// </summary>
    public Func<int> GroupOf(Process process)
    {
        if (Setsid is not null)
        {
            return () => process.Id;
        }
        var group = new Lazy<int>(() =>
        {
            try
            {
                return int.TryParse(process.StandardOutput.ReadLine(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
            {
                return 0;
            }
        }, LazyThreadSafetyMode.ExecutionAndPublication);
        return () => group.Value;
    }
}
