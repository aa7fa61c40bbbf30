using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>What a runtime's Job Object is asked for: a memory limit for the whole job (kill-on-close always).</summary>
public sealed record JobLimits(long MemoryLimitBytes);

/// <summary>Creates Job Objects (Windows); tests substitute one that records what was asked.</summary>
public interface IJobObjects
{
    IJob Create(JobLimits limits);
}

/// <summary>
/// One runtime's Job Object: every process it starts is in it (none may break away), all of them die when it is
/// terminated or when its last handle closes, which the kernel does when the emulator exits, even killed.
/// </summary>
public interface IJob : IDisposable
{
    /// <summary>Puts the process (not yet running anything: the wrapper waits for a line first) in the job.</summary>
    void Assign(Process process);

    /// <summary>Ends every process of the job.</summary>
    void Terminate();

    /// <summary>True once a process of the job asked for memory past the job's limit (the job is then terminated, as Lambda ends an environment).</summary>
    bool MemoryLimitHit { get; }

    /// <summary>The most memory the job's processes committed together, in bytes; null when unknown.</summary>
    long? PeakMemoryBytes { get; }
}

/// <summary>The native settings a <see cref="JobLimits"/> becomes: one home, so Linux tests check what Windows is asked.</summary>
public static class JobObjectSettings
{
    public const uint KillOnJobClose = 0x00002000;
    public const uint JobMemory = 0x00000200;

    /// <summary>A crash ends the process instead of waiting on Windows Error Reporting's dialog.</summary>
    public const uint DieOnUnhandledException = 0x00000400;

    /// <summary>JOBOBJECTINFOCLASS values.</summary>
    public const int ExtendedLimitInformationClass = 9, AssociateCompletionPortInformationClass = 7;

    /// <summary>Completion-port messages (winnt.h).</summary>
    public const uint MessageJobMemoryLimit = 10, MessageActiveProcessZero = 4;

    public static ExtendedLimitInformation Build(JobLimits limits) => new()
    {
        BasicLimitInformation = new BasicLimitInformation { LimitFlags = KillOnJobClose | JobMemory | DieOnUnhandledException },
        JobMemoryLimit = (nuint)limits.MemoryLimitBytes,
    };

    /// <summary>JOBOBJECT_BASIC_LIMIT_INFORMATION (winnt.h), natural alignment: 64 bytes on 64-bit Windows.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BasicLimitInformation
    {
        public long PerProcessUserTimeLimit;
        public long PerJobUserTimeLimit;
        public uint LimitFlags;
        public nuint MinimumWorkingSetSize;
        public nuint MaximumWorkingSetSize;
        public uint ActiveProcessLimit;
        public nuint Affinity;
        public uint PriorityClass;
        public uint SchedulingClass;
    }

    /// <summary>IO_COUNTERS (winnt.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoCounters
    {
        public ulong ReadOperationCount, WriteOperationCount, OtherOperationCount, ReadTransferCount, WriteTransferCount, OtherTransferCount;
    }

    /// <summary>JOBOBJECT_EXTENDED_LIMIT_INFORMATION (winnt.h): 144 bytes on 64-bit Windows.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ExtendedLimitInformation
    {
        public BasicLimitInformation BasicLimitInformation;
        public IoCounters IoInfo;
        public nuint ProcessMemoryLimit;
        public nuint JobMemoryLimit;
        public nuint PeakProcessMemoryUsed;
        public nuint PeakJobMemoryUsed;
    }

    /// <summary>JOBOBJECT_ASSOCIATE_COMPLETION_PORT (winnt.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct AssociateCompletionPort
    {
        public IntPtr CompletionKey;
        public IntPtr CompletionPort;
    }
}

/// <summary>
/// Job Objects through kernel32. A completion port tells when a process asked for memory past the limit (the
/// allocation fails, the process may carry on): the job is then terminated and the invoke reports Runtime.OutOfMemory,
/// as Lambda's kill does. Only ever called on Windows; its logic (the settings) is <see cref="JobObjectSettings"/>.
/// </summary>
public sealed class WindowsJobObjects : IJobObjects
{
    public IJob Create(JobLimits limits) => new WindowsJob(limits);

    private sealed class WindowsJob : IJob
    {
        private readonly IntPtr _job;
        private readonly IntPtr _port;
        private volatile bool _memoryLimitHit;
        private int _disposed;

        public WindowsJob(JobLimits limits)
        {
            _job = CreateJobObject(IntPtr.Zero, IntPtr.Zero);
            if (_job == IntPtr.Zero)
            {
                throw new System.ComponentModel.Win32Exception(Marshal.GetLastWin32Error(), "CreateJobObject failed");
            }
            var settings = JobObjectSettings.Build(limits);
            _port = CreateIoCompletionPort(new IntPtr(-1), IntPtr.Zero, UIntPtr.Zero, 1);
            var association = new JobObjectSettings.AssociateCompletionPort { CompletionKey = _job, CompletionPort = _port };
            if (SetInformationJobObject(_job, JobObjectSettings.ExtendedLimitInformationClass, ref settings, Marshal.SizeOf<JobObjectSettings.ExtendedLimitInformation>()) == 0
                || (_port != IntPtr.Zero && SetInformationJobObject(_job, JobObjectSettings.AssociateCompletionPortInformationClass, ref association,
                    Marshal.SizeOf<JobObjectSettings.AssociateCompletionPort>()) == 0))
            {
                var error = Marshal.GetLastWin32Error();
                Dispose();
                throw new System.ComponentModel.Win32Exception(error, "SetInformationJobObject failed");
            }
            if (_port != IntPtr.Zero)
            {
                new Thread(WatchMessages) { IsBackground = true, Name = "job memory watch" }.Start();
            }
        }

        public bool MemoryLimitHit => _memoryLimitHit;

        public long? PeakMemoryBytes
        {
            get
            {
                if (Volatile.Read(ref _disposed) != 0
                    || QueryInformationJobObject(_job, JobObjectSettings.ExtendedLimitInformationClass, out var info,
                        Marshal.SizeOf<JobObjectSettings.ExtendedLimitInformation>(), IntPtr.Zero) == 0)
                {
                    return null;
                }
                return (long)info.PeakJobMemoryUsed;
            }
        }

        public void Assign(Process process)
        {
            if (AssignProcessToJobObject(_job, process.Handle) == 0)
            {
                throw new System.ComponentModel.Win32Exception(Marshal.GetLastWin32Error(), "AssignProcessToJobObject failed");
            }
        }

        public void Terminate()
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                TerminateJobObject(_job, 137); // 128 + SIGKILL, what the POSIX launcher reports for a kill
            }
        }

        private void WatchMessages()
        {
            // Ends when the port is closed (Dispose): GetQueuedCompletionStatus then fails.
            while (GetQueuedCompletionStatus(_port, out var message, out _, out _, uint.MaxValue) != 0)
            {
                if (message == JobObjectSettings.MessageJobMemoryLimit)
                {
                    _memoryLimitHit = true;
                    Terminate();
                }
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            CloseHandle(_job); // kill-on-close: anything still in the job dies here
            if (_port != IntPtr.Zero)
            {
                CloseHandle(_port);
            }
        }
    }

    // Blittable signatures only (int for BOOL, no strings): nothing for Native AOT to marshal.
    [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "CreateJobObjectW")]
    private static extern IntPtr CreateJobObject(IntPtr attributes, IntPtr name);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern int SetInformationJobObject(IntPtr job, int infoClass, ref JobObjectSettings.ExtendedLimitInformation info, int length);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern int SetInformationJobObject(IntPtr job, int infoClass, ref JobObjectSettings.AssociateCompletionPort info, int length);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern int QueryInformationJobObject(IntPtr job, int infoClass, out JobObjectSettings.ExtendedLimitInformation info, int length, IntPtr returned);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern int AssignProcessToJobObject(IntPtr job, IntPtr process);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern int TerminateJobObject(IntPtr job, uint exitCode);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern IntPtr CreateIoCompletionPort(IntPtr file, IntPtr existingPort, UIntPtr key, uint threads);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern int GetQueuedCompletionStatus(IntPtr port, out uint bytes, out UIntPtr key, out IntPtr overlapped, uint milliseconds);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern int CloseHandle(IntPtr handle);
}
