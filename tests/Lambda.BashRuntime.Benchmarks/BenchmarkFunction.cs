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

    /// <summary>CreateFunction through the emulator's control plane, as `aws lambda create-function` does.</summary>
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
