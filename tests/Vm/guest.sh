#!/bin/sh
# Runs inside the VM, chrooted into the host's root (see init). Starts the scenario driver once.
# "--smoke" only proves the VM boots and sees the tools (run.sh --smoke).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LC_ALL=C
# Start-up under software emulation: no W^X double mapping, no tiered-PGO instrumentation, no
# first-run telemetry (DOTNET_ variables are read by the host and the runtime).
export DOTNET_EnableWriteXorExecute=0 DOTNET_TieredPGO=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "${1:-}" = "--smoke" ]; then
  uname -r
  lvm version | head -n1
  ls /dev/mapper/control
  grep -w io /sys/fs/cgroup/cgroup.controllers
  exit 0
fi
exec "$here/out/driver/OpenLocal.Vm.Driver" "$@"
