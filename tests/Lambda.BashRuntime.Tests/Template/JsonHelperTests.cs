using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>
/// json.sh, the pure Bash JSON helper of the --http starter, run by bash: hostile text survives json_quote (checked by
/// .NET's parser) and json_get (byte for byte, from JSON that .NET wrote, \u escapes and surrogate pairs included).
/// </summary>
[Trait("Category", TestBash.Category)]
public sealed class JsonHelperTests : IDisposable
{
    private static readonly string JsonSh = Path.Combine(RepoPaths.Template, "http", "json.sh");

    /// <summary>.NET's default: every non-ASCII character and the HTML-sensitive ones as \uXXXX, as many JSON writers do.</summary>
    private static readonly JsonSerializerOptions Escaping = new() { Encoder = JavaScriptEncoder.Default };

    private readonly string _folder = Directory.CreateTempSubdirectory("json-sh-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> HostileTexts()
    {
        var controls = new string(Enumerable.Range(1, 31).Select(c => (char)c).ToArray());
        var mixed = new StringBuilder();
        var random = new Random(15);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz ABC\"\\\n\t$`(){}[]é日😀\u0001";
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var pieces = new List<string>();
        while (elements.MoveNext())
        {
            pieces.Add(elements.GetTextElement());
        }
        for (var bytes = 0; bytes < 1_000_000;)
        {
            // Mostly letters, an escape now and then: the shape of a large real body.
            var piece = random.Next(20) == 0 ? pieces[random.Next(26, pieces.Count)] : pieces[random.Next(26)];
            mixed.Append(piece);
            bytes += Encoding.UTF8.GetByteCount(piece);
        }
        return new()
        {
            { "quotes and backslashes", "say \"hi\" \\ \\\\ \\\" \"\\" },
            { "newlines, tabs, carriage returns", "a\nb\r\nc\td\n\n" },
            { "every control character", controls },
            { "unicode", "é ü 日本語 😀 👩‍👩‍👧 \u2028\u2029 \u007f" },
            { "shell syntax", "$(id) `id` ${HOME} $HOME * ? [a] ~ !! 'single' ; | & > <" },
            { "empty", "" },
            { "a megabyte of mixed text", mixed.ToString() },
        };
    }

    [ScriptTheory]
    [MemberData(nameof(HostileTexts))]
    public async Task Quoted_text_parses_back_to_the_same_string(string name, string text)
    {
        var result = await BashAsync("""IFS= read -r -d '' text < input || true; json_quote quoted "$text"; printf '%s' "$quoted" > output""", text);

        Assert.True(result.ExitCode == 0, $"{name}: {result}");
        Assert.Equal(text, JsonSerializer.Deserialize<string>(ReadOutput()));
    }

    [ScriptTheory]
    [MemberData(nameof(HostileTexts))]
    public async Task Field_read_from_escaped_JSON_is_the_same_bytes(string name, string text)
    {
        // The text at a nested path, after other fields that must be skipped, in JSON that .NET escaped its own way.
        var json = JsonSerializer.Serialize(new
        {
            before = new { text, list = new object[] { 1, "two", new[] { 3 }, true, null! } },
            requestContext = new { http = new { method = "POST" } },
            body = text,
            after = "x",
        }, Escaping);

        var result = await BashAsync("""IFS= read -r -d '' json < input || true; json_get value "$json" body; printf '%s' "$value" > output""", json);

        Assert.True(result.ExitCode == 0, $"{name}: {result}");
        Assert.Equal(Encoding.UTF8.GetBytes(text), File.ReadAllBytes(Path.Combine(_folder, "output")));
    }

    [ScriptTheory]
    [InlineData("requestContext.http.method", 0, "GET")]
    [InlineData("rawPath", 0, "/a b")]
    [InlineData("cookies.1", 0, "c=2")]
    [InlineData("list.2.deep", 0, "yes")]
    [InlineData("requestContext.timeEpoch", 0, "1583348638390")]
    [InlineData("isBase64Encoded", 0, "false")]
    [InlineData("queryStringParameters.missing", 1, "")]
    [InlineData("cookies.5", 1, "")]
    [InlineData("nothing", 1, "")]
    [InlineData("rawPath.inside", 1, "")]
    [InlineData("requestContext", 2, "")]
    [InlineData("zero", 2, "")]
    public async Task Get_reads_nested_fields_and_array_elements_and_says_what_is_missing(string path, int status, string expected)
    {
        const string json = """
            { "rawPath" : "/a b", "cookies": ["c=1", "c=2"], "queryStringParameters": {}, "nothing": null,
              "list": [1, {"x": [2, 3]}, {"deep": "yes"}], "zero": "\u0000",
              "requestContext": {"http": {"method": "GET", "path": "/a b"}, "timeEpoch": 1583348638390}, "isBase64Encoded": false }
            """;

        var result = await BashAsync($$"""IFS= read -r -d '' json < input || true; status=0; json_get value "$json" '{{path}}' || status=$?; printf '%s' "$status:${value-}" > output""", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{status}:{expected}", ReadOutput());
    }

    [ScriptFact]
    public async Task Lone_surrogates_become_the_replacement_character()
    {
        var result = await BashAsync("""json_get value '{"a":"\ud83d|\ude00|\ud83dx|\ud83d\ude00"}' a; printf '%s' "$value" > output""", "");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("\ufffd|\ufffd|\ufffdx|😀", ReadOutput());
    }

    [ScriptFact]
    public async Task Response_is_the_object_a_Function_URL_expects()
    {
        var result = await BashAsync("""json_object body message 'Hi "you"' note $'a\nb'; http_response 201 "$body" > output""", "");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var response = JsonDocument.Parse(ReadOutput());
        Assert.Equal(201, response.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/json", response.RootElement.GetProperty("headers").GetProperty("content-type").GetString());
        Assert.Equal("{\"message\":\"Hi \\\"you\\\"\",\"note\":\"a\\nb\"}", response.RootElement.GetProperty("body").GetString());
    }

    [ScriptTheory]
    [InlineData("http_response 99 '{}'", "http_response: status '99' is not an HTTP status code (100-599)")]
    [InlineData("json_object body lonely", "json_object: key 'lonely' has no value")]
    [InlineData("""json_get value '{"a":' a""", "json_get: malformed JSON at a")]
    public async Task Misuse_fails_with_a_message(string command, string message)
    {
        var result = await BashAsync(command, "");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    /// <summary>Runs SCRIPT with json.sh sourced, in strict mode as the bootstrap runs handlers, INPUT in the file `input`.</summary>
    private async Task<CommandResult> BashAsync(string script, string input)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "input"), input, new UTF8Encoding(false));
        return await Command.RunAsync(TestBash.Current.Path, ["-c", $"set -euo pipefail; source '{JsonSh}'; {script}"], _folder, timeout: TimeSpan.FromMinutes(5));
    }

    private string ReadOutput() => File.ReadAllText(Path.Combine(_folder, "output"), new UTF8Encoding(false));
}
