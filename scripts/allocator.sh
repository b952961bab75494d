# Sourced by CifarLab's launch scripts (scripts/run.sh, scripts/cifarlab, bench/*.sh): preloads tcmalloc when the
# machine has it. Measured on 2-core CPUs (docs/RECIPES.md "On these CPUs", docs/BENCHMARKS.md): glibc malloc maps
# every large activation freshly and page-faults it in again each step; tcmalloc keeps and reuses it, 1.2-1.9x faster
# training and a lower peak RSS. An allocator must be in place before the process starts, hence LD_PRELOAD here.
# scripts/setup.sh installs it (Debian/Ubuntu: libtcmalloc-minimal4 / libtcmalloc-minimal4t64).
# CIFARLAB_ALLOCATOR=glibc keeps glibc malloc (then NativeTuning's mallopt settings apply); `cifarlab doctor` says
# which allocator a process got.

cifarlab_tcmalloc_path() {
  local p
  for p in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4 \
           /usr/lib64/libtcmalloc_minimal.so.4 /usr/lib/libtcmalloc_minimal.so.4 /usr/local/lib/libtcmalloc_minimal.so.4; do
    [ -e "$p" ] && { echo "$p"; return 0; }
  done
  return 1
}

# With glibc malloc (no tcmalloc here, or CIFARLAB_ALLOCATOR=glibc) a long-lived process that trains run after run on
# fresh threads (the web host) spreads them over up to 8 arenas per core and keeps each one's high-water mark: its
# RSS grew 467 MiB over 25 tiny runs (bench/webhost_memory.sh, docs/BENCHMARKS.md "Web host memory"). Two arenas
# keep that bounded; a value the user set wins.
cifarlab_glibc_arenas() {
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
}

cifarlab_preload_allocator() {
  case "${CIFARLAB_ALLOCATOR:-tcmalloc}" in
    glibc|none) cifarlab_glibc_arenas; return 0 ;;
    tcmalloc) ;;
    *) echo "CIFARLAB_ALLOCATOR must be tcmalloc or glibc (got '${CIFARLAB_ALLOCATOR}')" >&2; return 2 ;;
  esac
  case "${LD_PRELOAD:-}" in *libtcmalloc*|*libjemalloc*) return 0 ;; esac
  local lib
  lib=$(cifarlab_tcmalloc_path) || { cifarlab_glibc_arenas; return 0; }
  export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
}
