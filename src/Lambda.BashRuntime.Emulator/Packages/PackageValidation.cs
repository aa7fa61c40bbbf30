using System.Security.Cryptography;
using Lambda.BashRuntime.Emulator.Errors;

namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>What CreateFunction, UpdateFunctionCode and PublishLayerVersion check of an uploaded package.</summary>
public static class PackageValidation
{
    /// <summary>Checks an uploaded zip (readable, safe names, not too large) and describes it as AWS does.</summary>
    public static (byte[] Zip, string CodeSha256, long UnpackedSize) Read(
        byte[]? zip, string? s3Bucket, string? imageUri, string member = "Code.ZipFile", string example = "function.zip")
    {
        if (s3Bucket is not null || imageUri is not null)
        {
            throw AwsException.InvalidParameter(
                $"The emulator takes packages only as ZipFile: pass --zip-file fileb://{example} instead of S3 or image locations.");
        }
        if (zip is null || zip.Length == 0)
        {
            throw AwsException.InvalidParameter($"{member} is required: pass --zip-file fileb://{example}.");
        }
        using var stream = new MemoryStream(zip, writable: false);
        var unpacked = PackageExtractor.Measure(stream); // a PackageException is answered at the edge (InvalidParameterValue)
        return (zip, Convert.ToBase64String(SHA256.HashData(zip)), unpacked);
    }
}
