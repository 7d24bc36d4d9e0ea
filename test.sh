#!/usr/bin/env bash
# Runs the whole OpenLocal test suite: installs what the tests need (as root on Debian), builds with
# warnings as errors, runs every test project (unit, host-real, Kubernetes, real-kernel VM tier), the
# short fuzz run (tests/Fuzz/run.sh, docs/fuzzing.md) and prints one summary line
# "N passed, N failed[, N skipped]" (the fuzz result is the line before it and counts in the exit status).
set -euo pipefail
cd "$(dirname "$0")"

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  for pkg in lvm2 e2fsprogs xfsprogs fio util-linux afl++; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "==> installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

results=TestResults
rm -rf "$results"
echo "==> restore and build (warnings are errors)"
dotnet restore OpenLocal.sln --nologo -v q
dotnet build OpenLocal.sln --nologo --no-restore -c Release -warnaserror -v q

echo "==> tests"
status=0
# One test project at a time (-m:1): the root-only projects share the host's loop devices, lvm2
# and cgroups, and an agent under test discovers every loop device on the machine.
dotnet test OpenLocal.sln --nologo --no-build -c Release -m:1 --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=minimal" || status=$?

if [ -x tests/Vm/run.sh ]; then
  echo "==> real-kernel VM tier"
  tests/Vm/run.sh --results "$results" || status=$?
fi

echo "==> fuzz (short run from the committed corpus)"
fuzz_status=0
tests/Fuzz/run.sh --out "$results/fuzz" >"$results/fuzz.log" 2>&1 || fuzz_status=$?
grep '^fuzz: ' "$results/fuzz.log" || true
[ "$fuzz_status" = 0 ] || { status=1; echo "fuzz: FAILED (exit $fuzz_status, log $results/fuzz.log)"; }

scripts/test-summary.sh "$results"
exit "$status"
