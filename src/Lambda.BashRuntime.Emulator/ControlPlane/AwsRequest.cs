using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>What the control plane reads from a request besides its route: the region and the JSON body.</summary>
internal static class AwsRequest
{
    /// <summary>A 50 MB zip, base64 in JSON, plus the rest of the request.</summary>
    private const long MaxBodyBytes = (PackageLimits.MaxZipBytes + 2) / 3 * 4 + 1_048_576;

    /// <summary>
    /// The region from the SigV4 credential scope (<c>Credential=AKID/20261126/us-east-1/lambda/aws4_request</c>), as
    /// parsed by the <see cref="RequestGuard"/> that let the request in. Signatures are not verified: a local emulator.
    /// </summary>
    public static string Region(HttpContext context)
        => context.Features.Get<SigV4Authorization>()?.Region ?? LambdaRules.DefaultRegion;

    public static async Task<T> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted)
                ?? throw AwsException.InvalidParameter("Could not parse request body into json: the body is null.");
        }
        catch (JsonException e)
        {
            // InvalidParameterValueException: the error every control-plane operation declares in the service model
            // (InvalidRequestContentException is declared only for Invoke).
            throw AwsException.InvalidParameter($"Could not parse request body into json: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw AwsException.RequestTooLarge(
                $"Request must be smaller than {MaxBodyBytes} bytes. Zips uploaded directly (ZipFile) are limited to {PackageLimits.MaxZipBytes} bytes.");
        }
    }
}
