#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that take untrusted bytes (docs/fuzzing.md, ADR-0057).
# Builds tests/Fuzz, instruments the OpenLocal assemblies with SharpFuzz, runs afl-fuzz on each target
# from its committed seed corpus for a bounded time, and exits non-zero naming every crashing input.
#
#   tests/Fuzz/run.sh                      the short run (CI): every target, 6 s each (~2 min in all)
#   tests/Fuzz/run.sh --seconds 1800       the long run: 30 min per target
#   tests/Fuzz/run.sh --target quantity    one target only (repeatable)
#   tests/Fuzz/run.sh --out DIR            where findings go (default TestResults/fuzz)
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=6
out=TestResults/fuzz
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--target NAME]... [--out DIR]" >&2; exit 2 ;;
  esac
done

if ! command -v afl-fuzz >/dev/null; then
  echo "fuzz: afl-fuzz not found; install Debian's afl++ (apt-get install afl++)" >&2
  exit 1
fi

bin=$out/instrumented
plain=$out/plain
rm -rf "$out"
mkdir -p "$out"
echo "==> fuzz: build and instrument"
dotnet tool restore >/dev/null
# Incremental after test.sh's solution build; replays use the plain copy (instrumented code needs afl's
# shared memory and aborts without it).
dotnet build tests/Fuzz/OpenLocal.Fuzz.csproj --nologo -c Release -warnaserror -v q >"$out/build.log" 2>&1 \
  || { cat "$out/build.log" >&2; echo "fuzz: build failed" >&2; exit 1; }
cp -r tests/Fuzz/bin/Release/net10.0 "$plain"
cp -r tests/Fuzz/bin/Release/net10.0 "$bin"
# Only our own assemblies carry coverage: the framework and packages would drown the signal.
for dll in "$bin"/OpenLocal.*.dll; do
  [ "$(basename "$dll")" = OpenLocal.Fuzz.dll ] && continue
  dotnet sharpfuzz "$dll" >/dev/null
done

fuzz() { dotnet "$plain/OpenLocal.Fuzz.dll" "$@"; }
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(fuzz --list)

# dotnet is not an afl-instrumented binary (SharpFuzz reports coverage itself); a shared machine has
# no free core to bind to and no CPU governor to check; no UI in logs.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_QUIET=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000
# A child afl kills leaves its temporary files (the sysfs target's tree) behind: keep them under --out.
mkdir -p "$out/tmp"
TMPDIR=$(cd "$out/tmp" && pwd)
export TMPDIR

failures=0
for target in "${targets[@]}"; do
  corpus=tests/Fuzz/corpus/$target
  [ -d "$corpus" ] || { echo "fuzz: $target has no seed corpus at $corpus" >&2; failures=$((failures + 1)); continue; }
  # A seed that already breaks the contract is the cheapest crash report there is.
  if ! fuzz "$target" "$corpus"/* 2>"$out/$target.seeds.log"; then
    echo "fuzz: CRASH $target: a seed input breaks the contract (see $out/$target.seeds.log)" >&2
    failures=$((failures + 1))
    continue
  fi
  echo "==> fuzz: $target for ${seconds}s (at ${SECONDS}s)"
  if ! afl-fuzz -i "$corpus" -o "$out/$target" -V "$seconds" -t 5000 -m none -- dotnet "$bin/OpenLocal.Fuzz.dll" "$target" \
      >"$out/$target.log" 2>&1; then
    tail -n 20 "$out/$target.log" >&2
    echo "fuzz: afl-fuzz failed on $target (log: $out/$target.log)" >&2
    failures=$((failures + 1))
    continue
  fi
  for crash in "$out/$target"/default/crashes/id:*; do
    [ -e "$crash" ] || continue
    echo "fuzz: CRASH $target: $crash" >&2
    fuzz "$target" "$crash" 2>&1 | head -n 5 >&2 || true
    failures=$((failures + 1))
  done
  # afl's hang verdict is timing on a shared machine; a hang counts when it still hangs on replay.
  for hang in "$out/$target"/default/hangs/id:*; do
    [ -e "$hang" ] || continue
    if timeout 20 dotnet "$plain/OpenLocal.Fuzz.dll" "$target" "$hang" >/dev/null 2>&1; then
      echo "fuzz: $target: slow input, not a hang on replay: $hang"
    else
      echo "fuzz: HANG or CRASH $target on replay: $hang" >&2
      failures=$((failures + 1))
    fi
  done
  grep -h -E '^(execs_done|corpus_count|saved_crashes|saved_hangs)' "$out/$target"/default/fuzzer_stats 2>/dev/null \
    | tr '\n' ' ' | sed "s/^/fuzz: $target: /;s/ *$/\n/"
done

if [ "$failures" -gt 0 ]; then
  echo "fuzz: ${#targets[@]} targets, $failures failing inputs in ${SECONDS}s (reproduce: dotnet $plain/OpenLocal.Fuzz.dll <target> <file>)"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, no crashes in ${seconds}s each (${SECONDS}s in all)"
