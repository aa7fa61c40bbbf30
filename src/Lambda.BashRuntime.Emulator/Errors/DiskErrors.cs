namespace Lambda.BashRuntime.Emulator.Errors;

/// <summary>
/// Failures of the disk itself (full, over quota, read-only, an I/O error), told apart from what a request got wrong,
/// and the one wording of the ServiceException that reports them: nothing was stored, so a retry once it is fixed works.
/// </summary>
public static class DiskErrors
{
    // errno on Linux and macOS (.NET gives it as the HResult of the IOException it throws), and Windows' HRESULTs.
    private const int EIO = 5, ENOSPC = 28, EROFS = 30;
    private static readonly int EDQUOT = OperatingSystem.IsMacOS() ? 69 : 122;
    private const int ErrorHandleDiskFull = unchecked((int)0x80070027), ErrorDiskFull = unchecked((int)0x80070070);

    /// <summary>True when the disk is full or over its quota.</summary>
    public static bool IsFull(Exception e)
        => e is IOException && (e.HResult == ENOSPC || e.HResult == EDQUOT || e.HResult is ErrorHandleDiskFull or ErrorDiskFull);

    /// <summary>True when <paramref name="e"/> is the disk failing, not a clash of names or a missing file.</summary>
    public static bool IsDiskFailure(Exception e) => IsFull(e) || e is IOException { HResult: EIO or EROFS };

    /// <summary>500 ServiceException: what could not be done (e.g. "queue the Event invoke"), the disk's own error, what to do.</summary>
    public static AwsException Service(string what, Exception e)
        => AwsException.Service($"The emulator could not {what}: {e.Message.TrimEnd('.')}. "
            + (IsFull(e) ? "The disk is full: free some space and retry; nothing was stored." : "Nothing was stored; retry once the disk is fixed."));
}
