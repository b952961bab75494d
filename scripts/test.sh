#!/usr/bin/env bash
# Runs every test of CifarLab on this machine, installing what is missing first.
# Usage: scripts/test.sh [extra dotnet test args, e.g. --filter FullyQualifiedName~Trainer]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh $( [ -d tests/CifarLab.E2E ] && echo --browser )

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build CifarLab.sln -c Release -v q -nologo
status=0
dotnet test CifarLab.sln -c Release --no-build -v q -nologo \
  --logger "trx" --results-directory "$results" \
  --logger "console;verbosity=normal" "$@" || status=$?

# One plain closing line over all test projects: "N passed, N failed, N skipped".
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $status
