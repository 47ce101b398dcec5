#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (the node's own packages
# are installed by node.sh). Postfix is only a test peer here: it is installed unconfigured
# so no system mail daemon starts.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

packages=(
  openssl curl iproute2      # the cluster harness
  postfix swaks              # SMTP peers: smtp-source, smtp-sink, swaks
  libnet-ssleay-perl         # swaks' STARTTLS
  dnsmasq-base               # DNS with MX records for delivery tests (no system service)
  python3-dkim python3-nacl  # dkimpy: independent DKIM verifier (nacl for ed25519-sha256)
  prometheus                 # promtool: the alert rule tests and the dashboard query checks
)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for package in "${packages[@]}"; do
  installed "$package" || missing+=("$package")
done
((${#missing[@]})) || exit 0

[[ $EUID -eq 0 ]] && command -v apt-get >/dev/null \
  || die "missing Debian packages: ${missing[*]} (as root: apt-get install ${missing[*]})"
log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
  || { apt-get update -qq >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; } \
  || die "could not install ${missing[*]} with apt-get"
