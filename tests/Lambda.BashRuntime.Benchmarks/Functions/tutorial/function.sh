# The AWS tutorial's function.sh, verbatim: the benchmark's baseline handler.
# shellcheck shell=bash disable=SC2086,SC2089,SC2090
function handler () {
  EVENT_DATA=$1
  echo "$EVENT_DATA" 1>&2;
  RESPONSE="Echoing request: '$EVENT_DATA'"

  echo $RESPONSE
}
