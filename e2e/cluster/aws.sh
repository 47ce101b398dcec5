#!/usr/bin/env bash
# The AWS emulator for tests: a pinned moto server on loopback.
#   aws.sh up      start it (installs moto into a venv in the cache on first use); writes the
#                  environment the AWS SDK needs to reach it to $run_root/aws.env for `source`
#   aws.sh down    stop it
#   aws.sh status  say whether it answers
#   aws.sh env     print that environment
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

moto_version="5.2.5"
moto_port="${MAILFLEET_MOTO_PORT:-15000}"
venv="$cache_root/moto-$moto_version"
endpoint="http://127.0.0.1:$moto_port"

answers() { curl -fsS -o /dev/null --max-time 2 "$endpoint/moto-api/"; }

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
ENV
}

print_env() {
  [[ -f "$(env_file aws)" ]] || die "the AWS emulator is not running: run $0 up"
  cat "$(env_file aws)"
}

up() {
  if is_running moto && answers; then
    write_env
    return 0
  fi
  stop_process moto
  install_moto
  require_free_port "$moto_port" "the AWS emulator"
  # On every interface: the operator's pod on the local node reaches it on the node's bridge
  # address (make run), the tests on loopback.
  start_process moto "$venv/bin/moto_server" -H "${MAILFLEET_MOTO_HOST:-0.0.0.0}" -p "$moto_port"
  wait_until 60 "moto answering" answers || die "moto did not answer at $endpoint within 60s; see $(log_file moto)"
  write_env
  log "AWS emulator (moto $moto_version) answers at $endpoint; to use it: source $(env_file aws)"
}

down() {
  stop_process moto
  rm -f "$(env_file aws)"
  log "AWS emulator stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) if answers; then echo "AWS emulator answers at $endpoint"; else echo "AWS emulator is not running"; exit 1; fi ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
