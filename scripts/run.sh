#!/usr/bin/env bash
# Installs what is missing, then starts CifarLab. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Machines without internet access (like our CI) keep an offline copy of the dataset beside the
# clone; use it unless a source was configured explicitly.
offline="$(cd .. && pwd)/shared/datasets/cifar10/cifar-10-binary.tar.gz"
if [ -z "${Dataset__Source:-}" ] && [ -f "$offline" ]; then
  echo "[run] using the offline CIFAR-10 archive $offline (set Dataset__Source to override)"
  export Dataset__Source="$offline"
fi
# tcmalloc for the app and the training runs it hosts (scripts/allocator.sh).
. scripts/allocator.sh
cifarlab_preload_allocator
if [ -d src/CifarLab.Web ]; then
  exec dotnet run --project src/CifarLab.Web -c Release -- "$@"
else
  exec dotnet run --project src/CifarLab.Cli -c Release -- train --preset quick "$@"
fi
