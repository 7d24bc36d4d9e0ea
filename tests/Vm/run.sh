#!/usr/bin/env bash
# The real-kernel test tier (tests/Vm/README.md): installs qemu and a Debian kernel, publishes the
# scenario driver, builds an initramfs, boots a throwaway VM (software emulation) with the host's
# root shared over 9p, runs the scenario inside and returns its exit status. It never skips: a VM
# that does not boot or a scenario that does not report is a failure.
#
# Usage: tests/Vm/run.sh [--results DIR] [--steps 1,4] [--smoke] [--no-build]
#   --results DIR  also write DIR/vm/vm.trx (one test per step) for scripts/test-summary.sh
#   --steps LIST   run only these scenario steps (setup and the final cleanup step always run)
#   --smoke        boot and check the tools only, no .NET driver
#   --no-build     reuse tests/Vm/out/driver from a previous run
#   --verbose      log every command the adapters run (with its duration)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="$here/out"
results="" steps="" smoke=0 build=1 verbose=0
while [ $# -gt 0 ]; do
  case "$1" in
    --results) results=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --no-build) build=0; shift ;;
    --verbose) verbose=1; shift ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
# The whole tier must finish in 15 minutes (issue 8); the VM gets what the build left of it.
tier_deadline=$((SECONDS + 15 * 60))
started=$SECONDS
mkdir -p "$out"
rm -f "$out/status" "$out/results.tsv" "$out/console.log"

stamp() { printf '[vm %4ds] %s\n' "$((SECONDS - started))" "$*"; }

# Writes a .trx whose Counters scripts/test-summary.sh sums: one test per line of results.tsv
# ("name<TAB>passed|failed<TAB>seconds<TAB>message"), plus one for "the VM booted and reported".
write_trx() {
  local booted=$1 reason=$2
  [ -n "$results" ] || return 0
  mkdir -p "$results/vm"
  local trx="$results/vm/vm.trx" passed=0 failed=0 rows=""
  local -a lines=()
  [ -f "$out/results.tsv" ] && mapfile -t lines <"$out/results.tsv"
  lines=("vm boots and reports	$booted	$((SECONDS - started))	$reason" "${lines[@]}")
  for line in "${lines[@]}"; do
    IFS=$'\t' read -r name outcome secs msg <<<"$line"
    if [ "$outcome" = passed ]; then passed=$((passed + 1)); outcome=Passed; else failed=$((failed + 1)); outcome=Failed; fi
    msg=$(printf '%s' "$msg" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g')
    rows+="    <UnitTestResult testName=\"Vm: $name\" outcome=\"$outcome\" duration=\"$(printf '%02d:%02d:%02d' $((secs / 3600)) $((secs / 60 % 60)) $((secs % 60)))\"><Output><StdOut>$msg</StdOut></Output></UnitTestResult>"$'\n'
  done
  local total=$((passed + failed)) overall=Completed
  [ "$failed" -eq 0 ] || overall=Failed
  cat >"$trx" <<TRX
<?xml version="1.0" encoding="utf-8"?>
<TestRun name="OpenLocal real-kernel VM tier" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
$rows  </Results>
  <ResultSummary outcome="$overall">
    <Counters total="$total" executed="$total" passed="$passed" failed="$failed" error="0" timeout="0" aborted="0" />
  </ResultSummary>
</TestRun>
TRX
}

die() {
  stamp "FAILED: $*"
  write_trx failed "$*"
  exit 1
}

if [ "$(id -u)" != 0 ]; then die "the VM tier needs root (loop devices and lvm inside the VM run as root over the shared root)"; fi
need=()
for pkg in qemu-system-x86 linux-image-amd64 busybox-static lvm2 e2fsprogs xfsprogs fio cpio; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  stamp "installing ${need[*]}"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed"
fi

# The newest installed Debian kernel that ships device-mapper as a module (the host's own kernel
# has none, which is the reason for this tier).
kver=""
for v in $(ls /lib/modules | sort -V -r); do
  if [ -f "/boot/vmlinuz-$v" ] && modprobe -S "$v" --show-depends dm-mod >/dev/null 2>&1; then kver=$v; break; fi
done
[ -n "$kver" ] || die "no /boot/vmlinuz-<ver> with a device-mapper module under /lib/modules (is linux-image-amd64 installed?)"
stamp "kernel $kver"

if [ "$smoke" = 0 ] && [ "$build" = 1 ]; then
  stamp "publishing the scenario driver (ReadyToRun, linux-x64)"
  rm -rf "$out/driver"
  dotnet publish "$here/Driver/OpenLocal.Vm.Driver.csproj" --nologo -v q -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$out/driver" >"$out/publish.log" 2>&1 || { cat "$out/publish.log"; die "dotnet publish of the driver failed"; }
fi
if [ "$smoke" = 0 ] && [ ! -x "$out/driver/OpenLocal.Vm.Driver" ]; then die "no published driver at $out/driver"; fi
if [ "$smoke" = 0 ]; then
  "$out/driver/OpenLocal.Vm.Driver" --check-composition || die "the driver's services do not compose (see above); not booting the VM"
fi

guest_args="--smoke"
if [ "$smoke" = 0 ]; then
  # Loop file, publish targets and records live in the VM's own tmpfs: nothing of them reaches the host.
  guest_args="--results $out/results.tsv --work /tmp/openlocal-vm"
  [ "$verbose" = 0 ] || guest_args="$guest_args --verbose"
  [ -z "$steps" ] || guest_args="$guest_args --steps $steps"
fi
budget=$((tier_deadline - SECONDS - 15))
[ "$budget" -gt 60 ] || die "no time left for the VM (budget ${budget}s)"
# The guest's clock is the host's: the driver cuts a hung step in time to clean up before the kill.
[ "$smoke" = 1 ] || guest_args="$guest_args --deadline $(($(date +%s) + budget - 5))"
printf 'REPO=%s\nGUEST_ARGS="%s"\n' "$repo" "$guest_args" >"$out/vm.conf"
cp "$here/init" "$out/init"
"$here/build-initramfs.sh" "$kver" "$out/init" "$out/init.cpio.gz" "$out/vm.conf" || die "building the initramfs failed"
stamp "booting the VM (software emulation, hard timeout ${budget}s)"
qemu_status=0
timeout -k 10 "$budget" qemu-system-x86_64 -accel tcg -m 2048 -smp 2 -nographic -no-reboot -nodefaults \
  -serial stdio -kernel "/boot/vmlinuz-$kver" -initrd "$out/init.cpio.gz" \
  -append "console=ttyS0 panic=-1 loglevel=3" \
  -fsdev local,id=r,path=/,security_model=passthrough,multidevs=remap \
  -device virtio-9p-pci,fsdev=r,mount_tag=hostroot </dev/null 2>&1 | tee "$out/console.log" || qemu_status=$?
stamp "VM exited"

if [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then die "the VM did not finish within ${budget}s (console: $out/console.log)"; fi
grep -q 'openlocal-vm: kernel' "$out/console.log" || die "the VM did not boot (console: $out/console.log)"
[ -f "$out/status" ] || die "the scenario did not report an exit status (console: $out/console.log)"
status=$(cat "$out/status")
if [ "$smoke" = 0 ] && [ ! -s "$out/results.tsv" ]; then die "the scenario reported no steps (exit status $status)"; fi
if [ "$status" != 0 ]; then
  write_trx passed "booted"
  stamp "scenario FAILED with exit status $status"
  exit 1
fi
write_trx passed "booted"
stamp "scenario passed"
