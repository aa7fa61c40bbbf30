# shellcheck shell=bash
# function.sh: your function. The bootstrap sources this file once, then calls `handler` for every event.
#
#   handler EVENT   EVENT is the invocation payload (usually JSON). Print the response on stdout; write logs to
#                   stderr. A non-zero exit status reports the invocation as failed. To send the response as it is
#                   printed, line by line, call stream_response first (README: Response streaming).
#
# The context of the current invocation is in LAMBDA_REQUEST_ID, LAMBDA_DEADLINE_MS (epoch milliseconds),
# LAMBDA_INVOKED_FUNCTION_ARN and _X_AMZN_TRACE_ID.

handler() {
  local event="$1"
  # Log the event: it shows in CloudWatch Logs, or on the terminal when invoked locally.
  printf '%s\n' "$event" >&2
  # The response. Quoted, so the event's spaces, tabs and newlines survive.
  printf "Echoing request: '%s'\n" "$event"
}
