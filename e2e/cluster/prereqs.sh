#!/usr/bin/env bash
# Installs the Debian packages the tests and the local cluster need, when they are missing.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

# command=package pairs: the command that proves the package is there.
wanted=(
  openssl=openssl
  curl=curl
  ss=iproute2
)

missing=()
for pair in "${wanted[@]}"; do
  command -v "${pair%%=*}" >/dev/null || missing+=("${pair#*=}")
done
((${#missing[@]})) || exit 0

[[ $EUID -eq 0 ]] && command -v apt-get >/dev/null \
  || die "missing Debian packages: ${missing[*]} (as root: apt-get install ${missing[*]})"
log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
  || { apt-get update -qq >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; } \
  || die "could not install ${missing[*]} with apt-get"
