#!/usr/bin/env bash
# The web host's memory stays flat (issue 12): starts the real web host (Release build, as scripts/run.sh starts it:
# tcmalloc preloaded by scripts/allocator.sh, MALLOC_ARENA_MAX as run.sh sets it), launches N tiny runs through its
# REST API one after another and prints its VmRSS after each (bench/webhost_memory.py). Passes when RSS after the last
# run is within --max-growth-mib (50) of RSS after the first.
#
#   bench/webhost_memory.sh [--runs 25] [--model tutorial-cnn] [--train-limit 1000] [--test-limit 500]
#                           [--data PATH] [--max-growth-mib 50] [--threads N]
#
# --data: a CIFAR-10 source (archive, extracted folder or URL); default the offline archive beside the clone.
# The archive is extracted once into artifacts/bench/dataset-cache/ and reused. Each invocation gets a fresh data
# folder (database, checkpoints) under artifacts/bench/webhost-<time>/, with the host's log beside it.
# CIFARLAB_ALLOCATOR=glibc measures glibc malloc instead of tcmalloc.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=25 model=tutorial-cnn train=1000 test=500 growth=50 threads="$(nproc)"
data="$(cd .. && pwd)/shared/datasets/cifar10/cifar-10-binary.tar.gz"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --model) model="$2"; shift ;;
    --train-limit) train="$2"; shift ;;
    --test-limit) test="$2"; shift ;;
    --data) data="$2"; shift ;;
    --max-growth-mib) growth="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dll=src/CifarLab.Web/bin/Release/net10.0/CifarLab.Web.dll
[ -f "$dll" ] || dotnet build src/CifarLab.Web -c Release -v q
out="artifacts/bench/webhost-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out/data" artifacts/bench/dataset-cache
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
. scripts/allocator.sh
cifarlab_preload_allocator
echo "[bench] host on http://127.0.0.1:$port, LD_PRELOAD=${LD_PRELOAD:-none}, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}, data folder $out/data" >&2
ASPNETCORE_URLS="http://127.0.0.1:$port" CIFARLAB_ROOT="$(pwd)" \
  Storage__DataDirectory="$(pwd)/$out/data" Dataset__Source="$data" Dataset__CacheDirectory="$(pwd)/artifacts/bench/dataset-cache" \
  Dataset__AllowUnofficial=true Dataset__Md5=skip Worker__Devices__0=cpu Worker__CpuThreads="$threads" \
  Logging__LogLevel__Default=Warning \
  dotnet "$dll" > "$out/host.log" 2>&1 &
host=$!
trap 'kill "$host" 2>/dev/null || true; wait "$host" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break
  kill -0 "$host" 2>/dev/null || { cat "$out/host.log" >&2; exit 1; }
  sleep 0.5
done
python3 bench/webhost_memory.py --url "http://127.0.0.1:$port" --pid "$host" --runs "$runs" --model "$model" \
  --train-limit "$train" --test-limit "$test" --max-growth-mib "$growth" | tee "$out/series.jsonl"
