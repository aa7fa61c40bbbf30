# shellcheck shell=bash
# function.sh: your function, an HTTP handler. The bootstrap sources this file once, then calls `handler` for every
# request that arrives through a Function URL or an API Gateway HTTP API (payload format 2.0).
#
#   handler EVENT   EVENT is the request as JSON: requestContext.http.method, rawPath, queryStringParameters,
#                   headers (names lower-cased), body. Print the response with http_response; write logs to stderr.
#                   A non-zero exit status reports the invocation as failed (the caller gets 502).
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
    *)
      json_object message message "No route for $method $path"
      http_response 404 "$message"
      ;;
  esac
}
