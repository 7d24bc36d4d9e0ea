#!/usr/bin/env bash
# The kind-based end-to-end suite (README.md): builds the image, creates a kind cluster with a loop device per
# worker, `helm install`s deploy/helm, runs the seed walkthrough, `helm uninstall`s and checks what is left.
# Needs docker, kind, helm, kubectl and root (losetup). Not part of .ci/run: the CI machines have no Docker.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cluster="${OPENLOCAL_E2E_CLUSTER:-openlocal-e2e}"
node_image="${OPENLOCAL_E2E_NODE_IMAGE:-kindest/node:v1.30.0}"
tag=e2e
work="$(mktemp -d /var/tmp/openlocal-e2e.XXXXXX)"
loops=()

say() { printf '== %s\n' "$*"; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
cleanup() {
  if [ "${OPENLOCAL_E2E_KEEP:-0}" != 1 ]; then
    kind delete cluster --name "$cluster" >/dev/null 2>&1 || true
    for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null || true; done
    rm -rf "$work"
  fi
}
trap cleanup EXIT
for tool in docker kind helm kubectl losetup; do command -v "$tool" >/dev/null || die "$tool is required"; done
[ "$(id -u)" = 0 ] || die "run as root (loop devices)"

say "building the image"
docker build -t "docker.io/openlocal/openlocal:$tag" --build-arg GIT_COMMIT="$(git -C "$repo" rev-parse HEAD)" "$repo"

say "creating kind cluster $cluster"
sed "s|__HERE__|$here|" "$here/kind.yaml" >"$work/kind.yaml"
kind create cluster --name "$cluster" --image "$node_image" --config "$work/kind.yaml" --wait 120s
kind load docker-image --name "$cluster" "docker.io/openlocal/openlocal:$tag"

say "giving each worker a 20 GiB disk at /dev/vdb and lvm2"
for node in $(kind get nodes --name "$cluster" | grep worker); do
  img="$work/$node.img"; truncate -s 20G "$img"
  loop="$(losetup -f --show "$img")"; loops+=("$loop")
  read -r major minor < <(stat -c '%t %T' "$loop" | while read -r a b; do echo $((16#$a)) $((16#$b)); done)
  docker exec "$node" mknod /dev/vdb b "$major" "$minor"
  # OpenLocal runs the node's lvm2 through nsenter (ADR-0018); kind's node image has none.
  docker exec "$node" bash -c 'apt-get update -qq && apt-get install -y -qq lvm2 >/dev/null'
done

say "helm install"
helm install open-local "$repo/deploy/helm" --namespace kube-system \
  --set images.local.tag="$tag" --set global.ImagePullPolicy=IfNotPresent \
  --set global.YodaSchedulerSvcIP=10.96.0.230 --set controller.replicas=1 --set nodeAdmissionPolicy.enabled=true \
  --wait --timeout 5m
# The init config, then one NodeLocalStorage per node, then DiskReady once the agent made the VG.
for node in $(kind get nodes --name "$cluster" | grep worker); do
  kubectl wait --for=jsonpath='{.status.nodeStorageInfo.state.type}'=DiskReady "nls/$node" --timeout=180s
done

say "seed walkthrough: StatefulSet on open-local-lvm, throttled volume"
kubectl apply -f "$here/manifests/walkthrough.yaml"
kubectl rollout status statefulset/nginx-lvm --timeout=180s
kubectl wait --for=condition=Ready pod/throttled --timeout=180s
kubectl get lvol
kubectl exec nginx-lvm-0 -- sh -c 'echo hello-openlocal >/data/hello && sync'
[ "$(kubectl get pv "$(kubectl get pvc html-nginx-lvm-0 -o jsonpath='{.spec.volumeName}')" -o jsonpath='{.spec.csi.driver}')" = local.csi.aliyun.com ] \
  || die "the claim was not provisioned by local.csi.aliyun.com"

say "expand 5Gi -> 10Gi online"
kubectl patch pvc html-nginx-lvm-0 --type merge -p '{"spec":{"resources":{"requests":{"storage":"10Gi"}}}}'
kubectl wait --for=jsonpath='{.status.capacity.storage}'=10Gi pvc/html-nginx-lvm-0 --timeout=180s
size="$(kubectl exec nginx-lvm-0 -- df -k /data | awk 'NR==2 {print $2}')"
[ "$size" -gt 9000000 ] || die "filesystem not grown: ${size} KiB"

say "snapshot and restore"
kubectl apply -f "$here/manifests/snapshot.yaml"
kubectl wait --for=jsonpath='{.status.readyToUse}'=true volumesnapshot/html-snapshot --timeout=180s
kubectl wait --for=condition=Ready pod/restored --timeout=180s
[ "$(kubectl exec restored -- cat /data/hello)" = hello-openlocal ] || die "the restored volume does not hold the data"

say "delete the workloads, then helm uninstall"
kubectl delete -f "$here/manifests/snapshot.yaml" --wait
kubectl delete -f "$here/manifests/walkthrough.yaml" --wait
kubectl delete pvc html-nginx-lvm-0 --wait
kubectl wait --for=delete lvol --all --timeout=180s
helm uninstall open-local --namespace kube-system --wait
kubectl get pods -n kube-system -l app.kubernetes.io/name=open-local -o name | grep . && die "pods left after uninstall"
for node in $(kind get nodes --name "$cluster" | grep worker); do
  # docs/install.md: the VG stays, no LV of a deleted claim does.
  docker exec "$node" vgs open-local-pool-0 >/dev/null || die "$node: the VG should be left"
  [ -z "$(docker exec "$node" lvs --noheadings -o lv_name open-local-pool-0)" ] || die "$node: LVs left behind"
done
say "e2e passed"
