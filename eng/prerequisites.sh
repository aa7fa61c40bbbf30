# shellcheck shell=bash
# Sourced by the scripts in eng/: makes sure the tools they need are on this machine, installing Debian packages
# when it can (as root, or through sudo), and otherwise says exactly what is missing.

# require_dotnet: the .NET 10 SDK must already be installed (https://dot.net/download).
require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET SDK is not installed. Install the .NET 10 SDK (https://dot.net/download) and run again." >&2
    exit 1
  fi
  local major
  major="$(dotnet --version)"
  major="${major%%.*}"
  if ((major < 10)); then
    echo "error: .NET SDK $(dotnet --version) found; this repository needs the .NET 10 SDK or later." >&2
    exit 1
  fi
}

# require_apt_packages PACKAGE:COMMAND...: installs each Debian PACKAGE whose COMMAND (a path or a name) is missing.
require_apt_packages() {
  local missing=() spec package command
  for spec in "$@"; do
    package="${spec%%:*}" command="${spec#*:}"
    if ! command -v "$command" >/dev/null 2>&1; then
      missing+=("$package")
    fi
  done
  ((${#missing[@]} == 0)) && return 0

  local sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "error: missing Debian packages: ${missing[*]}. Install them (apt-get install ${missing[*]}) and run again." >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing tools from the packages ${missing[*]}, and this is not a Debian/Ubuntu machine: install them and run again." >&2
    exit 1
  fi
  echo "Installing ${missing[*]} (apt-get)..." >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
