using System.Text;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>Extra handler files for failure tests, and helpers to read what the emulator answered.</summary>
public static class Handlers
{
    /// <summary>special.handler: behaviour chosen by the event; anything else is echoed as "ok EVENT".</summary>
    public const string Special = """
        # shellcheck shell=bash
        handler() {
          case "$1" in
            *'"exit"'*) echo "handler failing on purpose" >&2; exit 3 ;;
            *'"sleep"'*) sleep "30.${1//[^0-9]/}" ;; # the event's digits mark the process: sleep 30.MARK
            *'"kill"'*) kill -KILL "$$"; sleep 5 ;;
            *'"env"'*) env ;;
            *) printf 'ok %s\n' "$1" ;;
          esac
        }
        """;

    /// <summary>hostile.handler: floods its log, makes its log file a sparse 3 GB, sleeps, or records the event it ran.</summary>
    public const string Hostile = """
        # shellcheck shell=bash
        handler() {
          case "$1" in
            *'"flood"'*) head -c 200000 /dev/zero | tr '\0' 'x' >&2; printf '\nthe last line\n' >&2 ;;
            *'"sparse"'*) truncate -s 3G /proc/self/fd/2 ;;
            *'"sleep"'*) sleep 1 ;;
          esac
          if [[ -n "${TEST_OUT-}" ]]; then printf '%s\n' "$1" >>"$TEST_OUT/ran.txt"; fi
          printf 'done %s\n' "$1"
        }
        """;

    /// <summary>
    /// sandbox.handler: runs the event, a JSON string holding a bash command without quotes or backslashes
    /// ("ls /var/task"), and answers what it printed (stdout and stderr) followed by "status N".
    /// </summary>
    public const string Run = """
        # shellcheck shell=bash
        handler() {
          local command="${1#\"}"
          command="${command%\"}"
          local status=0
          eval "$command" 2>&1 || status=$?
          echo "status $status"
        }
        """;

    /// <summary>A handler file that makes the runtime exit during start-up, before asking for any event.</summary>
    public const string CrashOnLoad = """
        # shellcheck shell=bash
        echo "cannot start" >&2
        exit 4
        """;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Echo(byte[] payload) => [.. "Echoing request: '"u8, .. payload, .. "'"u8];

    public static async Task<(string ErrorType, string ErrorMessage)> ReadErrorAsync(HttpResponseMessage response)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return (json.RootElement.GetProperty("errorType").GetString()!, json.RootElement.GetProperty("errorMessage").GetString()!);
    }

    public static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
