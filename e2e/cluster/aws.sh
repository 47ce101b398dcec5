#!/usr/bin/env bash
# The AWS emulator for tests: a pinned moto server on loopback, extended by moto/mailfleet_moto.py
# with the Elastic IP behaviours of AWS that moto lacks (docs/local-cluster.md).
#   aws.sh up      start it (installs moto into a venv in the cache on first use); writes the
#                  environment the AWS SDK needs to reach it to $run_root/aws.env for `source`.
#                  A running emulator started from another extension or settings is restarted.
#   aws.sh down    stop it
#   aws.sh status  say whether it answers
#   aws.sh env     print that environment
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

moto_version="5.2.5"
moto_port="${MAILFLEET_MOTO_PORT:-15000}"
venv="$cache_root/moto-$moto_version"
endpoint="http://127.0.0.1:$moto_port"
extension="$harness_dir/moto/mailfleet_moto.py"
# The extension's settings (read by it at start); AWS's default Elastic IP quota is 5 per region.
export MAILFLEET_MOTO_EIP_LIMIT="${MAILFLEET_MOTO_EIP_LIMIT:-5}"
export MAILFLEET_MOTO_PTR_DELAY_SECONDS="${MAILFLEET_MOTO_PTR_DELAY_SECONDS:-1}"

answers() { curl -fsS -o /dev/null --max-time 2 "$endpoint/moto-api/"; }

# fingerprint: what the emulator runs, so `up` can tell a stale one (the extension's code, the
# pinned moto, the settings) from the one it would start.
fingerprint() {
  { sha256sum "$extension"
    echo "moto $moto_version"
    echo "limit $MAILFLEET_MOTO_EIP_LIMIT ptr-delay $MAILFLEET_MOTO_PTR_DELAY_SECONDS"
    echo "host ${MAILFLEET_MOTO_HOST:-0.0.0.0}"
  } | sha256sum | cut -d' ' -f1
}
fingerprint_file() { echo "$(pid_file moto).fingerprint"; }
is_current() { [[ "$(cat "$(fingerprint_file)" 2>/dev/null)" == "$(fingerprint)" ]]; }

install_moto() {
  [[ -x "$venv/bin/moto_server" ]] && return 0
  command -v python3 >/dev/null || die "python3 is missing: apt-get install -y python3 python3-venv"
  log "installing moto[server]==$moto_version into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || die "python3 venv failed: apt-get install -y python3-venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$moto_version" >&2 \
    || die "pip could not install moto[server]==$moto_version (see the output above)"
}

write_env() {
  cat >"$(env_file aws)" <<ENV
export AWS_ENDPOINT_URL=$endpoint
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export MAILFLEET_MOTO_EIP_LIMIT=$MAILFLEET_MOTO_EIP_LIMIT
export MAILFLEET_MOTO_PTR_DELAY_SECONDS=$MAILFLEET_MOTO_PTR_DELAY_SECONDS
ENV
}

print_env() {
  [[ -f "$(env_file aws)" ]] || die "the AWS emulator is not running: run $0 up"
  cat "$(env_file aws)"
}

up() {
  if is_running moto && answers && is_current; then
    write_env
    return 0
  fi
  is_running moto && log "restarting the AWS emulator: its extension or settings changed"
  stop_process moto
  rm -f "$(fingerprint_file)"
  install_moto
  require_free_port "$moto_port" "the AWS emulator"
  # The extension runs moto's own server entry point (moto_server's), after patching moto.
  # On every interface: the operator's pod on the local node reaches it on the node's bridge
  # address (make run), the tests on loopback.
  start_process moto "$venv/bin/python" "$extension" -H "${MAILFLEET_MOTO_HOST:-0.0.0.0}" -p "$moto_port"
  fingerprint >"$(fingerprint_file)"
  wait_until 60 "moto answering" answers || die "moto did not answer at $endpoint within 60s; see $(log_file moto)"
  write_env
  log "AWS emulator (moto $moto_version + mailfleet_moto.py) answers at $endpoint; to use it: source $(env_file aws)"
}

down() {
  stop_process moto
  rm -f "$(fingerprint_file)"
  rm -f "$(env_file aws)"
  log "AWS emulator stopped"
}

status() {
  if ! answers; then
    echo "AWS emulator is not running"
    exit 1
  fi
  if is_running moto && is_current; then
    echo "AWS emulator answers at $endpoint"
  else
    echo "AWS emulator answers at $endpoint, but not from the current extension: $0 up restarts it"
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
