using System.Net.Http.Json;
using System.Text.Json;
using Lambda.BashRuntime.Sdk;

namespace Lambda.BashRuntime.Benchmarks;

/// <summary>One function under test: the files of its package, zipped by the SDK's own writer (what a build uploads).</summary>
public sealed record BenchmarkFunction(string Name, string Description, string Handler, IReadOnlyList<string> Files)
{
    /// <summary>Lambda's JSON is PascalCase: no naming policy.</summary>
    private static readonly JsonSerializerOptions Json = new();
    private int _revision;

    /// <summary>
    /// CreateFunction through the emulator's control plane, as `aws lambda create-function` does, then
    /// <see cref="WaitForActiveAsync"/>.
    /// </summary>
    public async Task CreateAsync(HttpClient emulator)
    {
        var zip = LambdaZipWriter.Write(Files.Select(f =>
        {
            var name = Path.GetFileName(f);
            var executable = ScriptFile.IsScript(name) || name.EndsWith(".js", StringComparison.Ordinal);
            return new LambdaZipEntry(name, File.ReadAllBytes(f), executable);
        }));
        using var response = await emulator.PostAsJsonAsync("2015-03-31/functions", new
        {
            FunctionName = Name,
            Runtime = "provided.al2023",
            Role = "arn:aws:iam::123456789012:role/lambda-role",
            Handler,
            Timeout = 30,
            Code = new { ZipFile = Convert.ToBase64String(zip) },
        }, Json);
        await EnsureSuccessAsync(response, "CreateFunction");
        await WaitForActiveAsync(emulator, Name);
    }

    /// <summary>
    /// A new function is Pending for a moment (the emulator goes through Lambda's states) and an invoke meanwhile gets
    /// 409: waits for Active, as `aws lambda wait function-active-v2` does.
    /// </summary>
    public static async Task WaitForActiveAsync(HttpClient emulator, string name)
    {
        for (var i = 0; i < 100; i++)
        {
            using var response = await emulator.GetAsync($"2015-03-31/functions/{name}");
            if ((await response.Content.ReadAsStringAsync()).Contains("\"State\":\"Active\"", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"{name} did not become Active");
    }

    /// <summary>A configuration change: the next invoke gets a new execution environment (a cold start).</summary>
    public async Task ChangeConfigurationAsync(HttpClient emulator)
    {
        using var response = await emulator.PutAsJsonAsync($"2015-03-31/functions/{Name}/configuration",
            new { Environment = new { Variables = new Dictionary<string, string> { ["REVISION"] = (++_revision).ToString() } } }, Json);
        await EnsureSuccessAsync(response, "UpdateFunctionConfiguration");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{operation}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
