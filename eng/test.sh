#!/bin/bash
# Runs every test of the repository and ends with one line "N passed, N failed, N skipped".
# Installs what the tests need (shellcheck, the AWS CLI v2 at /usr/bin/aws, zipinfo, actionlint, bubblewrap for the
# sandbox, chromium for the web console's browser tests) when missing.
# Extra arguments go to `dotnet test`, for example: bash eng/test.sh --filter "FullyQualifiedName~Template"
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source-path=SCRIPTDIR source=prerequisites.sh
source eng/prerequisites.sh

require_dotnet
require_apt_packages shellcheck:shellcheck awscli:/usr/bin/aws unzip:zipinfo bubblewrap:bwrap chromium:/usr/bin/chromium
require_actionlint

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
