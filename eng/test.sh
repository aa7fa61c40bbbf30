#!/bin/bash
# Runs every test of the repository and ends with one line "N passed, N failed, N skipped".
# Installs what the tests need (shellcheck, the AWS CLI v2 at /usr/bin/aws, zipinfo, actionlint, bubblewrap for the
# sandbox, chromium for the web console's browser tests, clang for the SDK's native emulator, the en_US.UTF-8 locale that
# Lambda sets as LANG) when missing.
# Extra arguments go to `dotnet test`, for example: bash eng/test.sh --filter "FullyQualifiedName~Template" (then the
# passes under bash 3.2 and 4.2 are left out: run them with LAMBDA_BASH=artifacts/old-bash/3.2.48/bin/bash and
# --filter "Category=Scripts").
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source-path=SCRIPTDIR source=prerequisites.sh
source eng/prerequisites.sh

require_dotnet
require_native_aot_toolchain
require_apt_packages shellcheck:shellcheck awscli:/usr/bin/aws unzip:zipinfo bubblewrap:bwrap chromium:/usr/bin/chromium
require_actionlint
require_lambda_locale

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

# The template's scripts must run unchanged under bash 3.2 (a Mac's /bin/bash) and 4.2 (Lambda's provided.al2) too:
# both are built once from the sources in ../shared/old-bash into artifacts/old-bash, and after the full run the tests
# of category Scripts run again under each (LAMBDA_BASH). A clone without ../shared cannot build them: there those
# passes report their tests skipped, with the reason.
old_bashes=(3.2.48 4.2.45)
declare -a old_bash_paths=()
build_failures=0
if (($# == 0)) && [[ -f ../shared/old-bash/build.sh ]]; then
  for version in "${old_bashes[@]}"; do
    echo "Building bash $version from ../shared/old-bash (once, into artifacts/old-bash)..." >&2
    destination="$PWD/artifacts/old-bash/$version"
    # Its parallel make has a race (seen once: "ar: libhistory.a: error reading mbutil.o"): one retry.
    if path="$(bash ../shared/old-bash/build.sh "$version" "$destination")" ||
      path="$(bash ../shared/old-bash/build.sh "$version" "$destination")"; then
      old_bash_paths+=("$path")
    else
      echo "error: bash $version could not be built (above); its test pass is counted as failed." >&2
      build_failures=$((build_failures + 1))
    fi
  done
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test Lambda.BashRuntime.slnx --nologo "$@" 2>&1 | tee "$log"
status="${PIPESTATUS[0]}"
if (($# == 0)); then
  if [[ -f ../shared/old-bash/build.sh ]]; then
    for path in "${old_bash_paths[@]}"; do
      # shellcheck disable=SC2016 # $BASH_VERSION is that bash's own
      echo "The template's scripts again, under $("$path" -c 'echo "bash $BASH_VERSION"') ($path)..." >&2
      LAMBDA_BASH="$path" dotnet test Lambda.BashRuntime.slnx --nologo --no-build --filter "Category=Scripts" 2>&1 | tee -a "$log"
      ((PIPESTATUS[0] == 0)) || status=1
    done
  else
    for version in "${old_bashes[@]}"; do
      LAMBDA_TEST_BASH_UNAVAILABLE="bash $version: its sources (../shared/old-bash) are not beside this clone, so it cannot be built here" \
        dotnet test Lambda.BashRuntime.slnx --nologo --no-build --filter "Category=Scripts" 2>&1 | tee -a "$log"
      ((PIPESTATUS[0] == 0)) || status=1
    done
  fi
fi
set -e

# Sum the summary line each test assembly prints: "Passed!  - Failed: 0, Passed: 42, Skipped: 0, Total: 42, ...".
read -r passed failed skipped < <(
  sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\), Total.*/\2 \1 \3/p' "$log" |
    awk '{p += $1; f += $2; s += $3} END {print p + 0, f + 0, s + 0}'
)
failed=$((failed + build_failures))
if ((build_failures > 0)); then
  status=1
fi
if ((status != 0 && failed == 0)); then
  failed=1 # the build or the test host failed before any test could report
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
