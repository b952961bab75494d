#!/usr/bin/env bash
# Installs what is missing, then starts CifarLab. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -d src/CifarLab.Web ]; then
  exec dotnet run --project src/CifarLab.Web -c Release -- "$@"
else
  exec dotnet run --project src/CifarLab.Cli -c Release -- train --preset quick "$@"
fi
