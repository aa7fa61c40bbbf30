#!/bin/bash
# Benchmark: the inner loop (emulator alone, `dotnet run -- invoke` against an empty console project's `dotnet run`,
# save -> next invoke), then the generated function against the tutorial's bootstrap and a minimal Node.js runtime
# loop, all under the local emulator in one run on this machine. Prints tables (figures and ratios) and writes them to
# artifacts/benchmarks/results.md. Figures only: nothing here passes or fails on speed.
# LAMBDA_BENCH_INNER_LOOP_ONLY=1 bash eng/benchmark.sh measures the inner loop alone; LAMBDA_BENCH_BASH_ONLY=1 the
# template's scripts under each bash (answers of 1 MB and 6 MB, json.sh on dense escapes) alone.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source-path=SCRIPTDIR source=prerequisites.sh
source eng/prerequisites.sh
require_dotnet
require_native_aot_toolchain
require_apt_packages curl:curl nodejs:node npm:npm

# The peer: @vercel/fun, a Lambda emulator without Docker, from npm. The benchmark runs without it if npm cannot.
if ! npm install --prefix artifacts/peers --no-audit --no-fund --silent @vercel/fun@1.3.6 >/dev/null 2>&1; then
  echo "note: npm could not install @vercel/fun: the table has no peer rows" >&2
fi

# For the `dotnet run` rows: the packed SDK and template (as a user gets them), a generated project and an empty console
# project, both built, in a scratch folder with its own template hive and package cache.
scratch="$PWD/artifacts/benchmarks/projects"
rm -rf "$scratch"
mkdir -p "$scratch"
dotnet pack src/Lambda.BashRuntime.Sdk -c Release -o "$scratch/feed" --nologo -v:q -clp:NoSummary
dotnet pack TemplatePack.csproj -c Release -o "$scratch/feed" --nologo -v:q -clp:NoSummary
version="$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' Directory.Build.props)"
# A private package cache (also for the benchmark's own `dotnet run` of the project): never an older SDK of this version.
export LAMBDA_BENCH_NUGET_PACKAGES="$scratch/nuget-packages"
dotnet new install "$scratch/feed/Lambda.BashRuntime.Templates.$version.nupkg" --debug:custom-hive "$scratch/hive" >/dev/null
dotnet new bash-runtime -n HelloBash -o "$scratch/HelloBash" --no-restore --debug:custom-hive "$scratch/hive" >/dev/null
printf '<configuration><packageSources><add key="benchmark" value="%s" /></packageSources></configuration>\n' \
  "$scratch/feed" >"$scratch/HelloBash/nuget.config"
dotnet new console -n Floor -o "$scratch/Floor" >/dev/null
NUGET_PACKAGES="$LAMBDA_BENCH_NUGET_PACKAGES" dotnet build "$scratch/HelloBash" --nologo -v:q -clp:NoSummary
dotnet build "$scratch/Floor" --nologo -v:q -clp:NoSummary
export LAMBDA_BENCH_RUN_PROJECT="$scratch/HelloBash" LAMBDA_BENCH_CONSOLE_PROJECT="$scratch/Floor"

# The emulator as users run it: the one the packed SDK ships, restored into the private package cache by the build
# above: the native build on Linux x64 (tools/emulator-linux-x64, made executable by that build), the IL one elsewhere.
# The inner-loop table also times the IL build against it (LAMBDA_BENCH_IL_EMULATOR).
sdk="$LAMBDA_BENCH_NUGET_PACKAGES/lambda.bashruntime.sdk/$version"
export LAMBDA_BENCH_IL_EMULATOR="$sdk/tools/emulator/Lambda.BashRuntime.Emulator.dll"
emulator="$LAMBDA_BENCH_IL_EMULATOR"
if [[ -x "$sdk/tools/emulator-linux-x64/Lambda.BashRuntime.Emulator" ]]; then
  emulator="$sdk/tools/emulator-linux-x64/Lambda.BashRuntime.Emulator"
fi
# The bashes a function meets: 3.2 (a Mac), 4.2 (provided.al2), built once from ../shared/old-bash as the tests build
# them, and the system's (provided.al2023 has 5.2). Without ../shared, the system's alone.
bashes=/bin/bash
if [[ -f ../shared/old-bash/build.sh ]]; then
  for version in 3.2.48 4.2.45; do
    destination="$PWD/artifacts/old-bash/$version"
    path="$(bash ../shared/old-bash/build.sh "$version" "$destination" || bash ../shared/old-bash/build.sh "$version" "$destination")"
    bashes="$path:$bashes"
  done
fi
export LAMBDA_BENCH_BASHES="$bashes"
dotnet run --project tests/Lambda.BashRuntime.Benchmarks -c Release -- "$emulator" "$PWD" "$@"
