#!/bin/bash
# Benchmark: the generated function against the tutorial's bootstrap and a minimal Node.js runtime loop, all under
# the local emulator in one run on this machine. Prints a table (figures and ratios) and writes it to
# artifacts/benchmarks/results.md. Figures only: nothing here passes or fails on speed.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source-path=SCRIPTDIR source=prerequisites.sh
source eng/prerequisites.sh
require_dotnet
require_apt_packages curl:curl nodejs:node npm:npm

# The peer: @vercel/fun, a Lambda emulator without Docker, from npm. The benchmark runs without it if npm cannot.
if ! npm install --prefix artifacts/peers --no-audit --no-fund --silent @vercel/fun@1.3.6 >/dev/null 2>&1; then
  echo "note: npm could not install @vercel/fun: the table has no peer rows" >&2
fi

dotnet build src/Lambda.BashRuntime.Emulator -c Release --nologo -v:q -clp:NoSummary
dotnet run --project tests/Lambda.BashRuntime.Benchmarks -c Release -- \
  src/Lambda.BashRuntime.Emulator/bin/Release/net10.0/Lambda.BashRuntime.Emulator.dll "$PWD" "$@"
