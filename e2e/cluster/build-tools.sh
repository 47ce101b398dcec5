#!/usr/bin/env bash
# Builds the Kubernetes and etcd binaries pinned in tools/go.mod, and kwok and helm at the
# versions below, into the cache, once per pinned version. Prints the bin directory on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

kwok_version="v0.7.0"
helm_version="v3.22.0"

require_go

bin="$(tools_bin_dir)"
stamp="$bin/.built-from"
# What decides the binaries: the pinned modules and this script (its versions and build flags).
want="$(cat "$here/tools/go.mod" "$here/tools/go.sum" "$here/build-tools.sh" | sha256sum | cut -c1-16)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$bin"
k8s_version="$(k8s_version)"
minor="${k8s_version#v1.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

log "building Kubernetes $k8s_version, etcd, kwok and helm into $bin (first time only; about 20 minutes on 2 cores)"
start=$SECONDS
(
  cd "$here/tools"
  CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kube-proxy \
    k8s.io/kubernetes/cmd/kubectl
  CGO_ENABLED=1 go build -trimpath -ldflags "$ldflags" -o "$bin/kubelet" k8s.io/kubernetes/cmd/kubelet
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3
  # kwok pins Kubernetes libraries newer than the release above, so it builds from its own module.
  GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$kwok_version"
  GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "helm.sh/helm/v3/cmd/helm@$helm_version"
) >&2
echo "$want" > "$stamp"
log "built in $((SECONDS - start))s"
echo "$bin"
