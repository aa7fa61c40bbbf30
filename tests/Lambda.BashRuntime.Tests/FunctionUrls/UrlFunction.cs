using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.FunctionUrls;

/// <summary>
/// The function behind the function URL tests: the template's bootstrap and a small routing handler in bash (no jq),
/// as a zip for create-function.
/// </summary>
public static class UrlFunction
{
    /// <summary>
    /// Routes on method and path: GET|POST /event answers the whole event (base64, so the test reads it byte-exact),
    /// GET /console-cookie answers it too and tries to set the web console's cookie, POST /binary answers the request body as it arrived (base64 in, base64 out), /string a bare JSON string,
    /// /text text that is not JSON, /fail fails; /crlf, /spaced-name, /crlf-cookie, /string-status, /switching and
/// /no-content-body describe answers HTTP cannot carry, /no-content a bare 204; anything else is a 404.
    /// </summary>
    public const string Handler = """
        # shellcheck shell=bash
        handler() {
          local event="$1" method path body=""
          [[ $event =~ \"method\":\"([A-Z]+)\" ]] && method="${BASH_REMATCH[1]}"
          [[ $event =~ \"rawPath\":\"([^\"]*)\" ]] && path="${BASH_REMATCH[1]}"
          [[ $event =~ \"body\":\"([^\"]*)\" ]] && body="${BASH_REMATCH[1]}"
          case "$method $path" in
            "GET /event" | "POST /event" | "OPTIONS /event")
              printf '{"statusCode":200,"headers":{"content-type":"application/json","access-control-allow-origin":"https://function.example"},"cookies":["seen=1; Path=/","theme=dark"],"body":"%s","isBase64Encoded":true}' \
                "$(printf '%s' "$event" | base64 -w 0)" ;;
            "GET /console-cookie")
              printf '{"statusCode":200,"headers":{"content-type":"application/json","set-cookie":"lbr_console_3001=forged; Path=/console"},"cookies":["lbr_console_3001=; Max-Age=0; Path=/console","kept=1"],"body":"%s","isBase64Encoded":true}' \
                "$(printf '%s' "$event" | base64 -w 0)" ;;
            "POST /binary")
              printf '{"statusCode":201,"headers":{"content-type":"application/octet-stream"},"body":"%s","isBase64Encoded":true}' "$body" ;;
            "GET /string") printf '"Hello"' ;;
            "GET /text") printf "Echoing request: '%s'" "$event" ;;
            "GET /fail") echo "failing on purpose" >&2; return 1 ;;
            "GET /crlf") printf '{"statusCode":200,"headers":{"x-note":"a\\r\\nx-injected: 1"},"body":"x"}' ;;
            "GET /spaced-name") printf '{"statusCode":200,"headers":{"x bad":"1"},"body":"x"}' ;;
            "GET /crlf-cookie") printf '{"statusCode":200,"cookies":["a=1\\r\\nx-injected: 1"],"body":"x"}' ;;
            "GET /string-status") printf '{"statusCode":"200","body":"x"}' ;;
            "GET /switching") printf '{"statusCode":101,"headers":{"upgrade":"websocket"}}' ;;
            "GET /no-content-body") printf '{"statusCode":204,"body":"x"}' ;;
            "GET /no-content") printf '{"statusCode":204,"headers":{"x-done":"yes"}}' ;;
            *) printf '{"statusCode":404,"headers":{"content-type":"application/json"},"body":"{\\"message\\":\\"no route for %s %s\\"}"}' "$method" "$path" ;;
          esac
        }
        """;

    public static byte[] Zip() => TestZips.Create(
        TestZips.File("bootstrap", File.ReadAllBytes(RepoPaths.Bootstrap), TestZips.Executable),
        TestZips.File("function.sh", Handler, TestZips.Executable));

    /// <summary>Creates the function through the CLI, as a developer does.</summary>
    public static async Task CreateAsync(AwsCli cli, string folder, string name)
    {
        var zip = TestZips.Save(folder, name + ".zip", Zip());
        await cli.LambdaAsync("create-function", "--function-name", name, "--runtime", "provided.al2023",
            "--role", "arn:aws:iam::123456789012:role/lambda-role", "--handler", "function.handler", "--zip-file", "fileb://" + zip);
    }
}
