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

    public async Task<JsonElement> PublishLayerAsync(string name, byte[] zip)
    {
        var response = await SendAsync(HttpMethod.Post, $"/2018-10-31/layers/{name}/versions", new { Content = new { ZipFile = zip } });
        return await ServiceModel.AssertOutputAsync("PublishLayerVersion", response);
    }
}
