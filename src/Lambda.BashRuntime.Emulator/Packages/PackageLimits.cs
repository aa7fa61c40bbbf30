namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>Lambda's quotas on deployment packages.</summary>
public static class PackageLimits
{
    /// <summary>Function code and all its layers together, unpacked: 250 MB.</summary>
    public const long MaxUnpackedBytes = 262_144_000;

    /// <summary>A zip uploaded directly in the request (ZipFile): 50 MB.</summary>
    public const long MaxZipBytes = 52_428_800;

    /// <summary>
    /// Entries in one zip: the emulator's own bound (Lambda documents none), the most a zip holds without ZIP64
    /// extensions. A Bash function's package holds tens of files; 200,000 entries would take the emulator about 20 s
    /// and hundreds of MB to check and unpack, so such a zip is refused before its entries are read.
    /// </summary>
    public const int MaxEntries = 65_535;

    public static string TooManyEntries(long count)
        => $"The zip holds {count} entries; the local emulator accepts at most {MaxEntries}. Zip only the files the function needs (or move tools into a layer).";
}
