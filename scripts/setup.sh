#!/usr/bin/env bash
# One-time (idempotent) machine setup for CifarLab on Debian/Ubuntu.
#  - TorchSharp 0.107's native library needs libstdc++ from GCC 13+ (GLIBCXX_3.4.32).
#    Debian 12 ships GCC 12's; we add Debian 13 (trixie) as a low-priority apt suite
#    (same mirror URI as the machine's own Debian entry) and upgrade libstdc++6 from it.
#  - tcmalloc, which the launch scripts preload (scripts/allocator.sh): 1.2-1.9x faster CPU training than glibc
#    malloc (docs/BENCHMARKS.md). Optional: without it everything runs, on glibc malloc.
#  - Chromium for the browser tests, when asked (--browser).
set -euo pipefail

want_browser=0
for a in "$@"; do
  case "$a" in
    --browser) want_browser=1 ;;
    *) echo "setup.sh: unknown option '$a' (allowed: --browser)" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

log() { printf '[setup] %s\n' "$*"; }

apt_updated=0
apt_update() {
  if [ "$apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
}

libstdcxx_path() {
  for p in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6; do
    [ -e "$p" ] && { echo "$p"; return 0; }
  done
  return 1
}

has_glibcxx_3432() {
  local lib
  lib=$(libstdcxx_path) || return 1
  grep -aq 'GLIBCXX_3\.4\.32' "$lib"
}

ensure_libstdcxx() {
  if has_glibcxx_3432; then
    log "libstdc++ provides GLIBCXX_3.4.32: ok"
    return 0
  fi
  if [ ! -r /etc/os-release ]; then
    echo "setup.sh: cannot identify this Linux distribution; install libstdc++ from GCC 13 or newer by hand." >&2
    exit 1
  fi
  . /etc/os-release
  if [ "${ID:-}" = "debian" ] && [ "${VERSION_CODENAME:-}" = "bookworm" ]; then
    log "Debian 12 ships libstdc++ from GCC 12; adding Debian 13 (trixie) at low pin priority for libstdc++6"
    local uri=""
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    fi
    if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
      uri=$(awk '$1=="deb" && $0 ~ /bookworm/ && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
    fi
    [ -n "$uri" ] || uri="http://deb.debian.org/debian"
    $SUDO tee /etc/apt/sources.list.d/cifarlab-trixie.sources >/dev/null <<SRC
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO tee /etc/apt/preferences.d/cifarlab-trixie >/dev/null <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
    apt_updated=0
    apt_update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t trixie libstdc++6 >/dev/null
  else
    log "installing libstdc++6 from ${PRETTY_NAME:-this distribution}"
    apt_update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libstdc++6 >/dev/null
  fi
  if ! has_glibcxx_3432; then
    echo "setup.sh: libstdc++ still lacks GLIBCXX_3.4.32 after the upgrade; TorchSharp will not load." >&2
    exit 1
  fi
  log "libstdc++ upgraded: GLIBCXX_3.4.32 present"
}

ensure_dotnet() {
  if command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks | grep -q '^10\.'; then
    log ".NET SDK 10: ok"
    return 0
  fi
  log "installing the .NET 10 SDK from the distribution's packages"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dotnet-sdk-10.0 >/dev/null || {
    echo "setup.sh: the .NET 10 SDK is missing and could not be installed from apt; see https://learn.microsoft.com/dotnet/core/install/linux" >&2
    exit 1
  }
}

ensure_browser() {
  if command -v chromium >/dev/null 2>&1; then
    log "chromium: ok"
    return 0
  fi
  log "installing Debian's chromium for the browser tests"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
}

ensure_tcmalloc() {
  . "$(dirname "$0")/allocator.sh"
  if cifarlab_tcmalloc_path >/dev/null; then
    log "tcmalloc: ok"
    return 0
  fi
  apt_update
  # The distribution's own name first: Debian 12 / Ubuntu 22.04 ship libtcmalloc-minimal4, Debian 13 / Ubuntu 24.04
  # libtcmalloc-minimal4t64 (asking for the newer name on an older release would pull its libc from a pinned suite).
  local pkg
  for pkg in libtcmalloc-minimal4 libtcmalloc-minimal4t64; do
    if [ -n "$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" {print $2}')" ]; then
      log "installing $pkg (tcmalloc)"
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$pkg" >/dev/null && break
    fi
  done
  cifarlab_tcmalloc_path >/dev/null || log "tcmalloc is not available here; CifarLab runs on glibc malloc (slower on the CPU)"
}

ensure_libstdcxx
ensure_dotnet
ensure_tcmalloc
if [ "$want_browser" -eq 1 ]; then ensure_browser; fi
log "done"
