#!/usr/bin/env bash
# Builds the Prometheus server pinned below, with Kubernetes service discovery as its only
# discovery, into the cache, once per pinned version. Prints the binary's path on stdout.
# Debian's prometheus package (promtool, for the rule tests) ships a server built without
# Kubernetes discovery, which the Prometheus E2E needs to find the pods the way a cluster's
# Prometheus does.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

# The Go module's v0.3xx.y is the server's 3.xx.y.
module="github.com/prometheus/prometheus"
version="v0.316.0"
tags="remove_all_sd,enable_kubernetes_sd"

require_go

dir="$cache_root/prometheus-$version"
binary="$dir/prometheus"
stamp="$dir/.built-from"
want="$module@$version tags=$tags CGO_ENABLED=0 -trimpath"

# built_as_pinned: the binary's own build information names the pinned module, version and tags
# (so a binary built by this command elsewhere, copied into the cache, is used as it is).
built_as_pinned() {
  local info
  info="$(go version -m "$binary" 2>/dev/null)" || return 1
  grep -Eq "^\s+mod\s+$module\s+$version\s" <<<"$info" &&
    grep -Eq "^\s+build\s+-tags=$tags$" <<<"$info" &&
    grep -Eq "^\s+build\s+CGO_ENABLED=0$" <<<"$info" &&
    grep -Eq "^\s+build\s+-trimpath=true$" <<<"$info"
}

if [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$binary"
  exit 0
fi
mkdir -p "$dir"
if [[ -x "$binary" ]] && built_as_pinned; then
  echo "$want" >"$stamp"
  echo "$binary"
  exit 0
fi

log "building Prometheus $version (Kubernetes discovery only) into $dir (first time only; about 10 minutes on 2 cores)"
start=$SECONDS
staging="$(mktemp -d "$dir/build.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
# GOFLAGS replaces the caller's own (a -mod=vendor or -mod=readonly meant for their module would
# otherwise apply to this build of another module).
GOFLAGS=-mod=mod GOBIN="$staging" CGO_ENABLED=0 \
  go install -trimpath -tags "$tags" "$module/cmd/prometheus@$version" >&2
mv "$staging/prometheus" "$binary"
built_as_pinned || die "$binary does not carry the build information of $want"
echo "$want" >"$stamp"
log "built in $((SECONDS - start))s"
echo "$binary"
