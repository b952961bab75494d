#!/usr/bin/env bash
# CifarLab vs PyTorch on this machine, in one invocation, and a dated results block appended to
# docs/BENCHMARKS.md under "## Engine vs PyTorch".
#
#   bench/run.sh [--quick] [--threads N] [--device cpu|cuda] [--precision float32|float16|bfloat16]
#                [--data PATH] [--python PATH] [--resnet9-batch N] [--malloc-retain] [--omp-passive]
#                [--throughput-only] [--no-append]
#
# --malloc-retain: glibc keeps freed memory instead of returning it to the kernel (GLIBC_TUNABLES, both
#   frameworks alike); without it every step page-faults its activations in afresh (see docs/BENCHMARKS.md).
# Allocator: tcmalloc is preloaded for both frameworks when the machine has it (scripts/allocator.sh; 1.2-1.9x on the
#   CPU); CIFARLAB_ALLOCATOR=glibc measures glibc malloc instead (then --malloc-retain matters). The results block
#   records LD_PRELOAD.
# --omp-passive: OMP_WAIT_POLICY=PASSIVE for both: idle OpenMP threads sleep instead of spinning, which matters
#   when other processes compete for the cores.
#
# Steps: install PyTorch when missing (Debian: python3-torch from trixie), build CifarLab (Release), then
#  1. train-step throughput, CifarLab then PyTorch for each of airbench94 @256, airbench94 @1024, resnet9
#     (@512; @128 with --quick), same config (PyTorch reads CifarLab's RunConfig from its JSON), same threads;
#  2. `bench epoch` of the cpu-fast preset (airbench94 for 4 epochs on CUDA; Trainer loop vs bare steps) and
#     the PyTorch epoch loop beside it;
#  3. `bench memory` (RSS over consecutive runs);
#  4. export check: train briefly, load model.safetensors in PyTorch (strict) and compare logits.
# Raw JSON and logs stay in artifacts/bench/<time>/.
# CIFARLAB_CLI=PATH uses a prebuilt `cifarlab` instead of building one (a GPU machine with only the .NET runtime;
# LD_LIBRARY_PATH may point TorchSharp at a CUDA libtorch there, e.g. a CUDA PyTorch's torch/lib).
set -euo pipefail
cd "$(dirname "$0")/.."
command_line="bench/run.sh $*"

quick=0 threads="$(nproc)" device=cpu precision=float32 append=1 r9_batch="" only_throughput=0
data="../shared/datasets/cifar10/cifar-10-binary.tar.gz"
py="${PYTHON:-/usr/bin/python3}"   # not the pyenv python3 on PATH: Debian's torch lives in /usr/bin/python3
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --threads) threads="$2"; shift ;;
    --device) device="$2"; shift ;;
    --precision) precision="$2"; shift ;;
    --data) data="$2"; shift ;;
    --python) py="$2"; shift ;;
    --resnet9-batch) r9_batch="$2"; shift ;;
    --no-append) append=0 ;;
    --throughput-only) only_throughput=1 ;;
    --malloc-retain)
      # No mmap for large blocks (each would be unmapped on free and faulted in again, zeroed, next step) and no
      # trimming of the heap top: freed activations are reused by the next step.
      export GLIBC_TUNABLES="glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=17179869184" ;;
    --omp-passive) export OMP_WAIT_POLICY=PASSIVE ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$device" in cpu|cuda|cuda:*) ;; *) echo "run.sh: --device must be cpu, cuda or cuda:N" >&2; exit 2 ;; esac

if [ "$quick" -eq 1 ]; then
  steps=5 warmup=2 epoch_limit=5120 test_limit=1000 memory_runs=10 r9_batch="${r9_batch:-128}"
else
  steps=20 warmup=3 epoch_limit=0 test_limit=0 memory_runs=20 r9_batch="${r9_batch:-512}"
fi
[ -e "$data" ] || { echo "run.sh: dataset '$data' not found; pass --data PATH" >&2; exit 2; }

log() { printf '\n==> %s\n' "$*" >&2; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

# ---------------------------------------------------------------- PyTorch
ensure_torch() {
  if "$py" -c 'import torch' 2>/dev/null; then return 0; fi
  if [ "$py" != /usr/bin/python3 ]; then
    echo "run.sh: $py cannot import torch; install PyTorch for it or drop --python" >&2; exit 1
  fi
  log "installing Debian's python3-torch"
  bash scripts/setup.sh   # TorchSharp's libstdc++ needs; on Debian 12 this also adds trixie at low priority
  $SUDO apt-get update -qq
  if apt-cache policy python3-torch | grep -q trixie; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t trixie python3-torch >/dev/null
  else
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-torch >/dev/null
  fi
  "$py" -c 'import torch' || { echo "run.sh: python3-torch installed but 'import torch' fails" >&2; exit 1; }
}
ensure_torch
py_device=cpu
if [ "$device" != cpu ]; then
  # Debian's python3-torch is CPU-only: on a GPU machine pass --python with a CUDA build of PyTorch.
  if "$py" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'; then
    py_device="$device"
  else
    py_device=none
    echo "run.sh: $py's PyTorch has no CUDA; PyTorch figures are skipped (use --python with a CUDA PyTorch)" >&2
  fi
fi

# ---------------------------------------------------------------- CifarLab
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cl="${CIFARLAB_CLI:-}"
if [ -z "$cl" ]; then
  cuda_prop=""; [ "$device" != cpu ] && cuda_prop="-p:CifarLabCuda=true"
  log "building CifarLab (Release${cuda_prop:+, CUDA})"
  dotnet build src/CifarLab.Cli -c Release -v q -nologo $cuda_prop >/dev/null
  cl=src/CifarLab.Cli/bin/Release/net10.0/cifarlab
else
  log "using the prebuilt CLI $cl (CIFARLAB_CLI)"
fi

# After the build: the allocator is for the measured processes (scripts/allocator.sh).
. scripts/allocator.sh
cifarlab_preload_allocator

out="artifacts/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
load_start="$(cut -d' ' -f1 /proc/loadavg)"

# run NAME CMD...: JSON (stdout) to $out/NAME.json, the human log to the terminal and $out/NAME.log.
run() {
  local name="$1"; shift
  "$@" > "$out/$name.json" 2> >(tee "$out/$name.log" >&2)
}
common=(--threads "$threads" --device "$device" --precision "$precision")

# ---------------------------------------------------------------- 1. throughput, side by side
for pair in "airbench94 256" "airbench94 1024" "resnet9 $r9_batch"; do
  set -- $pair
  log "throughput $1 batch $2: CifarLab"
  run "cifarlab-$1-$2" "$cl" bench throughput --model "$1" --batch-size "$2" --steps "$steps" --warmup "$warmup" "${common[@]}"
  if [ "$py_device" != none ]; then
    log "throughput $1 batch $2: PyTorch"
    run "pytorch-$1-$2" "$py" bench/pytorch_ref.py throughput --config "$out/cifarlab-$1-$2.json" \
      --steps "$steps" --warmup "$warmup" --threads "$threads" --device "$py_device"
  fi
done

# ---------------------------------------------------------------- 2. epoch: Trainer overhead
if [ "$only_throughput" -eq 0 ]; then
# On a GPU an epoch of airbench94 takes about a second, most of the first one going to one-time CUDA costs: time
# four, and the verdict uses epochs 2-4. On a CPU one cpu-fast epoch (a minute or more) is steady enough.
epoch_preset=cpu-fast epoch_epochs=1
case "$device" in cuda*) epoch_preset=airbench94 epoch_epochs=4 ;; esac
log "epoch $epoch_preset x$epoch_epochs: CifarLab Trainer vs bare steps"
run epoch-cifarlab "$cl" bench epoch --preset "$epoch_preset" --epochs "$epoch_epochs" --train-limit "$epoch_limit" \
  --test-limit "$test_limit" --data "$data" "${common[@]}"
if [ "$py_device" != none ]; then
  log "epoch $epoch_preset: PyTorch loop"
  run epoch-pytorch "$py" bench/pytorch_ref.py epoch --config "$out/epoch-cifarlab.json" --data "$data" \
    --train-limit "$epoch_limit" --threads "$threads" --device "$py_device"
fi

# ---------------------------------------------------------------- 3. memory
log "memory: $memory_runs consecutive runs"
run memory "$cl" bench memory --runs "$memory_runs" --data "$data" "${common[@]}"

# ---------------------------------------------------------------- 4. export check
for spec in "airbench94 --preset cpu-fast --train-limit 2048 --batch-size 512" \
            "resnet9 --preset resnet9 --train-limit 256 --batch-size 128"; do
  set -- $spec
  name="$1"; shift
  log "export check $name"
  "$cl" train "$@" --epochs 1 --test-limit 200 --data "$data" --output "$out/export-$name" "${common[@]}" --json \
    > "$out/train-$name.json" 2> "$out/train-$name.log"
  "$py" bench/pytorch_ref.py --verify-export "$out/export-$name/model.safetensors" --out "$out/reference-$name.json" >/dev/null
  run "export-$name" "$cl" bench export-check --export "$out/export-$name/model.safetensors" \
    --reference "$out/reference-$name.json"
done
fi

# ---------------------------------------------------------------- results
load_end="$(cut -d' ' -f1 /proc/loadavg)"
block="$out/results.md"
"$py" bench/summarize.py "$out" --command "$command_line" --load "$load_start" "$load_end" \
  --threads "$threads" --device "$device" --env "$(env | grep -E '^(LD_PRELOAD|GLIBC_TUNABLES|OMP_WAIT_POLICY|OMP_NUM_THREADS|MALLOC_[A-Z_]+)=' | sort | tr '\n' ' ' | sed 's/ $//' || true)" --commit "$(git rev-parse --short HEAD 2>/dev/null || echo "${CIFARLAB_COMMIT:-?}")$(git diff --quiet HEAD -- src bench 2>/dev/null || echo '+changes')" \
  > "$block"
cat "$block"
if [ "$append" -eq 1 ]; then
  "$py" bench/summarize.py --append "$block" docs/BENCHMARKS.md
  log "appended to docs/BENCHMARKS.md (raw results in $out)"
fi
