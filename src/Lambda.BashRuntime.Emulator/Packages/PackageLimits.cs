namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>Lambda's quotas on deployment packages.</summary>
public static class PackageLimits
{
    /// <summary>Function code and all its layers together, unpacked: 250 MB.</summary>
    public const long MaxUnpackedBytes = 262_144_000;

    /// <summary>A zip uploaded directly in the request (ZipFile): 50 MB.</summary>
    public const long MaxZipBytes = 52_428_800;
}
