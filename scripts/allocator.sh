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

cifarlab_preload_allocator() {
  case "${CIFARLAB_ALLOCATOR:-tcmalloc}" in
    glibc|none) return 0 ;;
    tcmalloc) ;;
    *) echo "CIFARLAB_ALLOCATOR must be tcmalloc or glibc (got '${CIFARLAB_ALLOCATOR}')" >&2; return 2 ;;
  esac
  case "${LD_PRELOAD:-}" in *libtcmalloc*|*libjemalloc*) return 0 ;; esac
  local lib
  lib=$(cifarlab_tcmalloc_path) || return 0
  export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
}
