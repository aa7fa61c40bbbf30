# shellcheck shell=bash
# A hostile function for the reliability figures: 200 MB of log in one invoke (the emulator keeps 1 MiB of it).
handler() {
  head -c 209715200 /dev/zero | tr '\0' 'x' >&2
  printf '{"flooded":"Hello"}\n'
}
