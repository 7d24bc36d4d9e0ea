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
# lvm2 in the VM: no udev (lvm creates the /dev nodes itself) and nothing written to the host's
# /etc/lvm over the shared root (no metadata backups or archives, no devices file).
export LVM_SYSTEM_DIR=/run/openlocal-vm/lvm
mkdir -p "$LVM_SYSTEM_DIR"
cat >"$LVM_SYSTEM_DIR/lvm.conf" <<'CONF'
activation { udev_sync = 0 udev_rules = 0 }
devices { obtain_device_list_from_udev = 0 use_devicesfile = 0 }
backup { backup = 0 archive = 0 }
CONF
if [ "${1:-}" = "--smoke" ]; then
  uname -r
  lvm version | head -n1
  ls /dev/mapper/control
  grep -w io /sys/fs/cgroup/cgroup.controllers
  exit 0
fi
exec "$here/out/driver/OpenLocal.Vm.Driver" "$@"
