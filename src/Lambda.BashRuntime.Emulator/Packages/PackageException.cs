namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>An uploaded zip that Lambda would refuse: corrupt, unsafe, or too large once unpacked.</summary>
public sealed class PackageException(string message) : Exception(message)
{
    /// <summary>What AWS answers for a zip it cannot read.</summary>
    public const string CouldNotUnzip = "Could not unzip uploaded file. Please check your file, then try to upload again.";
}
