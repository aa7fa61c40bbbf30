#!/bin/bash
# Runs every test of the repository and ends with one line "N passed, N failed, N skipped".
# Installs what the tests need (shellcheck, the AWS CLI v2 at /usr/bin/aws, zipinfo, actionlint, bubblewrap for the
# sandbox, chromium for the web console's browser tests, clang for the SDK's native emulator) when missing.
# Extra arguments go to `dotnet test`, for example: bash eng/test.sh --filter "FullyQualifiedName~Template"
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source-path=SCRIPTDIR source=prerequisites.sh
source eng/prerequisites.sh

require_dotnet
require_native_aot_toolchain
require_apt_packages shellcheck:shellcheck awscli:/usr/bin/aws unzip:zipinfo bubblewrap:bwrap chromium:/usr/bin/chromium
require_actionlint

# The template pack and the SDK, packed once before the tests start (the tests that need them read this feed): the
# SDK's native emulator takes a couple of minutes to compile, better done before the tests share the cores.
if [[ -z "${LAMBDA_BASHRUNTIME_PACKAGES:-}" ]]; then
  export LAMBDA_BASHRUNTIME_PACKAGES="$PWD/artifacts/test-feed"
  rm -rf "$LAMBDA_BASHRUNTIME_PACKAGES"
  echo "Packing the SDK and the template pack into $LAMBDA_BASHRUNTIME_PACKAGES..." >&2
  for project in src/Lambda.BashRuntime.Sdk/Lambda.BashRuntime.Sdk.csproj TemplatePack.csproj; do
    if ! dotnet pack "$project" -c Release -o "$LAMBDA_BASHRUNTIME_PACKAGES" --nologo -v:q -clp:NoSummary; then
      echo "error: dotnet pack $project failed (above); no test ran." >&2
      echo "0 passed, 1 failed, 0 skipped"
      exit 1
    fi
  done
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test Lambda.BashRuntime.slnx --nologo "$@" 2>&1 | tee "$log"
status="${PIPESTATUS[0]}"
set -e

# Sum the summary line each test assembly prints: "Passed!  - Failed: 0, Passed: 42, Skipped: 0, Total: 42, ...".
read -r passed failed skipped < <(
  sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\), Total.*/\2 \1 \3/p' "$log" |
    awk '{p += $1; f += $2; s += $3} END {print p + 0, f + 0, s + 0}'
)
if ((status != 0 && failed == 0)); then
  failed=1 # the build or the test host failed before any test could report
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
