using Lambda.BashRuntime.Testing;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>HttpClients for the emulator's Invoke API and control plane: they send the SigV4 header it requires.</summary>
public static class SignedHttp
{
    public static HttpClient Create(Uri? baseAddress = null, string region = "us-east-1") =>
        new(new LocalAwsAuthorization(region) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
}
