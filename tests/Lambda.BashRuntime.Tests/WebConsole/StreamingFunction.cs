using System.Text;
using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>
/// A function whose runtime streams its answer (a chunked /response with Lambda-Runtime-Function-Response-Mode:
/// streaming, written over bash's /dev/tcp): "first chunk; " at once, then "last chunk" only once the gate file
/// exists. The test creates the gate when it has seen the first chunk, so what it saw before came while the function
/// was still writing: ordering, not timing. The breaking variant ends, after the gate, with the error trailers a
/// runtime sends when its stream fails midway instead of the last chunk.
/// </summary>
public static class StreamingFunction
{
    public const string First = "first chunk; ";
    public const string Last = "last chunk";

    public const string ErrorBody = """{"errorType":"StreamBroke","errorMessage":"the source went away"}""";

    /// <summary>The prelude of the HTTP integration variant: its JSON, sent with 8 NUL bytes and the first chunk in one chunk.</summary>
    public const string Prelude = """{"statusCode":201,"headers":{"Content-Type":"text/event-stream","X-Stream-Kind":"sse"},"cookies":["seen=1"]}""";

    public static byte[] Zip(string gate, bool breaks = false, bool httpIntegration = false)
        => TestZips.Create(TestZips.File("bootstrap", Bootstrap(gate, breaks, httpIntegration), TestZips.Executable));

    /// <summary>The first chunk: the text alone, or (HTTP integration) the prelude, 8 NUL bytes and the text, as one chunk.</summary>
    private static string Start(bool httpIntegration) => httpIntegration
        ? "prelude='" + Prelude + @"'; printf '%x\r\n%s\0\0\0\0\0\0\0\0%s\r\n' ""$((${#prelude} + 8 + " + First.Length + @"))"" ""$prelude"" '" + First + "' >&3"
        : "chunk '" + First + "'";

    /// <summary>The stream's end: the last chunk and the empty one, or the empty one with the error trailers.</summary>
    private static string End(bool breaks) => breaks
        ? @"printf '0\r\nLambda-Runtime-Function-Error-Type: StreamBroke\r\nLambda-Runtime-Function-Error-Body: "
            + Convert.ToBase64String(Encoding.UTF8.GetBytes(ErrorBody)) + @"\r\n\r\n' >&3"
        : "chunk '" + Last + @"'; printf '0\r\n\r\n' >&3";

    private static string Bootstrap(string gate, bool breaks, bool httpIntegration) => $$"""
        #!/bin/bash
        set -euo pipefail
        export LC_ALL=C
        api="$AWS_LAMBDA_RUNTIME_API"
        gate='{{gate}}'
        chunk() { printf '%x\r\n%s\r\n' "${#1}" "$1" >&3; }
        while true; do
          head="$(curl -sS -D - -o /dev/null "http://$api/2018-06-01/runtime/invocation/next")"
          id="$(printf '%s\n' "$head" | tr -d '\r' | sed -n 's/^[Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d: *//p')"
          exec 3<>"/dev/tcp/${api%:*}/${api##*:}"
          printf 'POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\nLambda-Runtime-Function-Response-Mode: streaming\r\nContent-Type: {{(httpIntegration ? "application/vnd.awslambda.http-integration-response" : "text/plain")}}\r\nTransfer-Encoding: chunked\r\nTrailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\nConnection: close\r\n\r\n' "$id" "$api" >&3
          {{Start(httpIntegration)}}
          while [ ! -e "$gate" ]; do sleep 0.05; done
          {{End(breaks)}}
          cat <&3 >/dev/null
          exec 3>&-
        done
        """;
}
