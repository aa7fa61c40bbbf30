namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>
/// An uploaded zip as the control plane remembers it: its blob id (SHA-256, hex), CodeSha256 and CodeSize as AWS
/// reports them (base64 of the SHA-256 of the zip bytes; the zip's length), and its unpacked size.
/// </summary>
public sealed record PackageInfo(string BlobId, string CodeSha256, long CodeSize, long UnpackedSize);
