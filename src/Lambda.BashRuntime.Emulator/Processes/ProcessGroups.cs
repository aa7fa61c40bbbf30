using System.Runtime.InteropServices;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>SIGKILL through POSIX kill: a whole process group (negative pid) or one process.</summary>
internal static partial class ProcessGroups
{
    private const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>SIGKILL to every process of the group led by <paramref name="processGroupId"/>; false if none is left.</summary>
    public static bool KillGroup(int processGroupId) => Kill(-processGroupId, SigKill) == 0;

    /// <summary>SIGKILL to one process; false if it is gone.</summary>
    public static bool KillProcess(int pid) => pid > 0 && Kill(pid, SigKill) == 0;
}
