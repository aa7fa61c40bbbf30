#!/bin/bash
# The main job, end to end: pack the template and the SDK, install the template into a private hive, scaffold a
# function with `dotnet new bash-runtime`, build its zips and invoke it locally. Everything goes under artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source-path=SCRIPTDIR source=prerequisites.sh
source eng/prerequisites.sh
require_dotnet
require_native_aot_toolchain

root="$PWD/artifacts"
feed="$root/packages"
hive="$root/template-hive"
sample="$root/sample/HelloBash"
# A private package folder: a re-packed SDK of the same version is never shadowed by an older cached copy.
export NUGET_PACKAGES="$root/nuget-packages"
rm -rf "$hive" "$sample" "$NUGET_PACKAGES/lambda.bashruntime.sdk"

echo "==> Packing the template pack and the SDK into $feed"
dotnet pack src/Lambda.BashRuntime.Sdk/Lambda.BashRuntime.Sdk.csproj -c Release -o "$feed" --nologo -v:q
dotnet pack TemplatePack.csproj -c Release -o "$feed" --nologo -v:q

echo "==> dotnet new install (private hive $hive)"
dotnet new install "$feed"/Lambda.BashRuntime.Templates.*.nupkg --debug:custom-hive "$hive" >/dev/null

echo "==> dotnet new bash-runtime -n HelloBash -o $sample"
# --no-restore: the restore post action would look for the SDK before the nuget.config below names the local feed.
dotnet new bash-runtime -n HelloBash -o "$sample" --no-restore --debug:custom-hive "$hive"
# The SDK is not on nuget.org yet: point the sample at the local feed (plus the default sources).
cat >"$sample/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="lambda-bashruntime-local" value="$feed" />
  </packageSources>
</configuration>
XML

echo "==> dotnet build"
(cd "$sample" && dotnet build --nologo -v:q -clp:NoSummary)
ls -l "$sample"/bin/Debug/*.zip

echo "==> dotnet run -- invoke --event events/hello.json"
(cd "$sample" && dotnet run --no-build -- invoke --event events/hello.json)
