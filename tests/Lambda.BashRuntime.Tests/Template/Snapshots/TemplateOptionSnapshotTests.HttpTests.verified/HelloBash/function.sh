# shellcheck shell=bash
# function.sh: your function, an HTTP handler. The bootstrap sources this file once, then calls `handler` for every
# request that arrives through a Function URL or an API Gateway HTTP API (payload format 2.0).
#
#   handler EVENT   EVENT is the request as JSON: requestContext.http.method, rawPath, queryStringParameters,
#                   headers (names lower-cased), body. Print the response with http_response; write logs to stderr.
#                   A non-zero exit status reports the invocation as failed (the caller gets 502).
#                   GET /events streams its answer (server-sent events) with http_stream_response.
#
# Event reference: https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
# json.sh (beside this file, in the same zip) reads and writes JSON in pure Bash: Lambda's image has no jq.
# shellcheck source-path=SCRIPTDIR source=json.sh
source "${LAMBDA_TASK_ROOT:-.}/json.sh"

handler() {
  local event="$1" method path name body message
  if ! json_get method "$event" requestContext.http.method || ! json_get path "$event" rawPath; then
    echo "not an HTTP request (no requestContext.http.method or rawPath): try events/hello.json" >&2
    return 1
  fi
  echo "$method $path" >&2 # the log: CloudWatch Logs, or the terminal when run locally

  case "$method $path" in
    "GET /hello")
      # A query parameter: /hello?name=Ana. Missing, it is "World".
      json_get name "$event" queryStringParameters.name || name="World"
      json_object message message "Hello, $name!"
      http_response 200 "$message"
      ;;
    "POST /echo")
      # The body as text. A binary body (an image, a file upload) arrives base64-encoded, with isBase64Encoded true.
      json_get body "$event" body || body=""
      json_object message received "$body"
      http_response 200 "$message"
      ;;
    "GET /events")
      # Server-sent events, each sent as it is printed: through a Function URL whose InvokeMode is RESPONSE_STREAM
      # (README: Response streaming). http_stream_response, from the bootstrap, sends the status and headers first.
      # A BUFFERED URL cannot map a streamed answer (the local emulator answers 502); Invoke gets all of it at the end,
      # prelude included (the status and headers as JSON, 8 NUL bytes, then the body).
      http_stream_response 200 text/event-stream cache-control no-cache
      for count in 1 2 3; do
        printf 'data: {"count":%d}\n\n' "$count"
        sleep 0.5 # a long job's progress, an LLM's tokens: what streams best
      done
      ;;
    *)
      json_object message message "No route for $method $path"
      http_response 404 "$message"
      ;;
  esac
}
