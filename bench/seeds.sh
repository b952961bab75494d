#!/usr/bin/env bash
# Accuracy over seeds: trains each preset once per seed with the CLI and writes a markdown block
# (mean, spread, time, img/s, time to 85/90/93/94%, wall time and peak RSS of each process) to OUT/seeds.md;
# --append adds it to docs/BENCHMARKS.md under "## Accuracy over seeds".
#
#   bench/seeds.sh [--seeds "0 1 2"] [--device cpu|cuda] [--precision float32|float16|bfloat16]
#                  [--eval-every N] [--data PATH] [--out DIR] [--append] [--pytorch] [--] PRESET[:EXTRA_ARGS] ...
#
#   bench/seeds.sh --seeds "1 2 3" tutorial resnet9-cpu "cpu-fast:--epochs 20"
#
# EXTRA_ARGS (after a colon, space separated) go to `cifarlab train` for that preset, e.g. --epochs 20.
# Runs evaluate every epoch (--eval-every 1, the default) so the time-to-accuracy columns are exact; pass the
# preset's own value (e.g. --eval-every 8) to time the run as a user trains it. Each process runs under
# /usr/bin/time: its wall seconds and peak RSS land in OUT/NAME.time. CIFARLAB_CLI names a prebuilt
# CLI (no .NET SDK needed, e.g. on a GPU machine that has only the runtime); else the CLI is built (Release).
# Runs use tcmalloc when installed (scripts/allocator.sh; CIFARLAB_ALLOCATOR=glibc to opt out).
# --pytorch also trains each seed with bench/pytorch_ref.py on the very config CifarLab ran (`cifarlab train
# --dry-run`), giving a "PyTorch reference" row per preset: same data, recipe, schedule and precision.
# Only the models pytorch_ref.py implements (airbench94, airbench94-muon, resnet9 and their widths) get one.
set -euo pipefail
cd "$(dirname "$0")/.."
command_line="bench/seeds.sh $*"
seeds="0 1 2" device=cpu precision="" append=0 out="" pytorch=0 eval_every=1
data="../shared/datasets/cifar10/cifar-10-binary.tar.gz"
py="${PYTHON:-/usr/bin/python3}"   # Debian's torch lives in /usr/bin/python3, not the pyenv python3 on PATH (as bench/run.sh)
presets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift ;;
    --device) device="$2"; shift ;;
    --precision) precision="$2"; shift ;;
    --eval-every) eval_every="$2"; shift ;;
    --data) data="$2"; shift ;;
    --out) out="$2"; shift ;;
    --append) append=1 ;;
    --pytorch) pytorch=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    --) shift; presets+=("$@"); break ;;
    -*) echo "seeds.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) presets+=("$1") ;;
  esac
  shift
done
[ ${#presets[@]} -gt 0 ] || { echo "seeds.sh: name at least one preset (see --help)" >&2; exit 2; }
[ -e "$data" ] || { echo "seeds.sh: dataset '$data' not found; pass --data PATH" >&2; exit 2; }

cl="${CIFARLAB_CLI:-}"
if [ -z "$cl" ]; then
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  dotnet build src/CifarLab.Cli -c Release -v q -nologo >/dev/null
  cl=src/CifarLab.Cli/bin/Release/net10.0/cifarlab
fi
# tcmalloc for the training runs (scripts/allocator.sh); CIFARLAB_ALLOCATOR=glibc to measure without it.
. scripts/allocator.sh
cifarlab_preload_allocator
out="${out:-artifacts/seeds/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
extra_common=(--device "$device")
[ -n "$precision" ] && extra_common+=(--precision "$precision")

for spec in "${presets[@]}"; do
  preset="${spec%%:*}"
  extra=""; [ "$spec" != "$preset" ] && extra="${spec#*:}"
  tag="$preset$(printf '%s' "$extra" | tr -c 'A-Za-z0-9\n' '_' | sed 's/^_*/_/; s/_*$//; s/^_$//')"
  printf '%s\n' "$preset${extra:+ $extra}" > "$out/$tag.label"
  for s in $seeds; do
    name="$tag--s$s"
    printf '\n==> %s seed %s %s\n' "$preset" "$s" "$extra" >&2
    # shellcheck disable=SC2086  # EXTRA_ARGS are meant to split
    if ! /usr/bin/time -f "%e %M" -o "$out/$name.time" \
        "$cl" train --preset "$preset" --seed "$s" --eval-every "$eval_every" --data "$data" --json "${extra_common[@]}" $extra \
        > "$out/$name.json" 2> "$out/$name.log"; then
      echo "seeds.sh: $preset seed $s failed; see $out/$name.log" >&2
      tail -5 "$out/$name.log" >&2
    fi
    if [ "$pytorch" -eq 1 ]; then
      printf '%s\n' "$preset${extra:+ $extra} — PyTorch reference" > "$out/$tag@pytorch.label"
      printf '==> %s seed %s %s: PyTorch reference\n' "$preset" "$s" "$extra" >&2
      # shellcheck disable=SC2086
      if ! { "$cl" train --preset "$preset" --seed "$s" "${extra_common[@]}" $extra --dry-run > "$out/$name.config" &&
             /usr/bin/time -f "%e %M" -o "$out/$tag@pytorch--s$s.time" \
               "$py" bench/pytorch_ref.py train --config "$out/$name.config" --device "$device" --data "$data" \
               --eval-every "$eval_every" > "$out/$tag@pytorch--s$s.json" 2> "$out/$tag@pytorch--s$s.log"; }; then
        echo "seeds.sh: PyTorch reference for $preset seed $s failed; see $out/$tag@pytorch--s$s.log" >&2
        tail -5 "$out/$tag@pytorch--s$s.log" >&2
      fi
    fi
  done
done

"$py" bench/seeds.py "$out" --command "$command_line" --device "$device" > "$out/seeds.md"
cat "$out/seeds.md"
if [ "$append" -eq 1 ]; then
  "$py" bench/seeds.py --append "$out/seeds.md" docs/BENCHMARKS.md
  echo "appended to docs/BENCHMARKS.md" >&2
fi
