using System.Net;
using System.Text;
using System.Text.Json;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>Raw calls to the control plane, signed (in form only) for a region as the AWS CLI signs them (by default the region SignedHttp signs invokes for).</summary>
public sealed class LambdaApi(HttpClient http, string region = "us-east-1")
{
    public string Region => region;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        Lambda.BashRuntime.Testing.LocalAwsAuthorization.Apply(request, region);
        if (body is not null)
        {
            // Member names as the CLI sends them (PascalCase), not JsonContent's camelCase web defaults.
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body, body.GetType()), Encoding.UTF8, "application/json");
        }
        return http.SendAsync(request);
    }

    public async Task<JsonElement> CreateFunctionAsync(string name, byte[] zip, string[]? layers = null, string runtime = "provided.al2023")
    {
        var response = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", new
        {
            FunctionName = name,
            Runtime = runtime,
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler = "function.handler",
            Code = new { ZipFile = zip },
            Layers = layers,
        });
        return await ServiceModel.AssertOutputAsync("CreateFunction", response);
    }

    /// <summary>
    /// A NONE function URL of the given invoke mode with both statements AWS requires for public access since
    /// October 2025 (the CLI v2 here has no --invoked-via-function-url); answers the URL.
    /// </summary>
    public async Task<string> CreatePublicUrlAsync(string function, string invokeMode = "BUFFERED")
    {
        using var created = await SendAsync(HttpMethod.Post, $"/2021-10-31/functions/{function}/url", new { AuthType = "NONE", InvokeMode = invokeMode });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("FunctionUrl").GetString()!;
        using var allowUrl = await SendAsync(HttpMethod.Post, $"/2015-03-31/functions/{function}/policy", new
        {
            StatementId = "FunctionURLAllowPublicAccess", Action = "lambda:InvokeFunctionUrl", Principal = "*", FunctionUrlAuthType = "NONE",
        });
        Assert.Equal(HttpStatusCode.Created, allowUrl.StatusCode);
        using var allowInvoke = await SendAsync(HttpMethod.Post, $"/2015-03-31/functions/{function}/policy", new
        {
            StatementId = "FunctionURLInvokeAllowPublicAccess", Action = "lambda:InvokeFunction", Principal = "*", InvokedViaFunctionUrl = true,
        });
        Assert.Equal(HttpStatusCode.Created, allowInvoke.StatusCode);
        return url;
    }

    public async Task<JsonElement> PublishLayerAsync(string name, byte[] zip)
    {
        var response = await SendAsync(HttpMethod.Post, $"/2018-10-31/layers/{name}/versions", new { Content = new { ZipFile = zip } });
        return await ServiceModel.AssertOutputAsync("PublishLayerVersion", response);
    }
}
