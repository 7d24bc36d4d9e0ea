#!/usr/bin/env bash
# Builds the VM's initramfs: static busybox, the kernel modules the scenario needs (with their
# dependencies, in load order, decompressed), /init and its /vm.conf.
# Usage: build-initramfs.sh KVER INIT OUT.cpio.gz VM.CONF
set -euo pipefail
kver=$1 init=$2 out=$3 conf=$4
# The modules the node path needs (testing.md): 9p root share, device-mapper with snapshots and
# thin pools, loop devices for the VG's PV, the filesystems the CSI node formats, overlay.
modules=(9p 9pnet_virtio virtio_pci dm-mod dm-snapshot dm-thin-pool loop ext4 xfs overlay)

busybox=$(command -v busybox)
if ldd "$busybox" >/dev/null 2>&1; then
  echo "build-initramfs: $busybox is not static (install busybox-static)" >&2
  exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,host,lib/modules}
cp "$busybox" "$root/bin/busybox"
for applet in sh mount umount insmod mkdir cat echo sleep switch_root chroot poweroff mknod ls; do
  ln -s busybox "$root/bin/$applet"
done

# modprobe --show-depends prints "insmod <path>" lines in load order; keep the first occurrence.
declare -A seen=()
: >"$root/modules.list"
for m in "${modules[@]}"; do
  deps=$(modprobe -S "$kver" --show-depends "$m") || { echo "build-initramfs: module $m not found for $kver" >&2; exit 1; }
  while read -r verb path _; do
    [ "$verb" = insmod ] || continue
    [ -n "${seen[$path]:-}" ] && continue
    seen[$path]=1
    name=$(basename "$path")
    case "$name" in
      *.ko.xz) xz -dc "$path" >"$root/lib/modules/${name%.xz}"; name=${name%.xz} ;;
      *.ko.zst) zstd -qdc "$path" >"$root/lib/modules/${name%.zst}"; name=${name%.zst} ;;
      *.ko.gz) gzip -dc "$path" >"$root/lib/modules/${name%.gz}"; name=${name%.gz} ;;
      *) cp "$path" "$root/lib/modules/$name" ;;
    esac
    echo "/lib/modules/$name" >>"$root/modules.list"
  done <<<"$deps"
done

install -m 0755 "$init" "$root/init"
install -m 0644 "$conf" "$root/vm.conf"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$out"
