# shellcheck shell=bash
# The streaming benchmark's Bash handler, run by the template's bootstrap: {"bytes":N,"stream":true} answers N bytes in
# lines of 1 KiB (and one byte more) through stream_response (each line a chunk); "stream":false answers the same buffered.
handler() {
  local bytes="${1#*\"bytes\":}" line i
  bytes="${bytes%%[,\}]*}"
  printf -v line '%1023s' ''
  line="${line// /x}"
  [[ "$1" != *'"stream":true'* ]] || stream_response
  for ((i = 0; i < bytes / 1024; i++)); do
    printf '%s\n' "$line"
  done
  printf 'x' # one byte more, without a newline: a buffered answer loses only a final newline
}
