#!/usr/bin/env bash
# make test: format check, unit tests, then ITs against the local cluster and AWS emulator.
# Starts what is not already running and stops, at the end, only what it started.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
cd "$here/../.."

started=()
teardown() {
  local part
  for part in "${started[@]}"; do
    "$here/$part.sh" down || true
  done
}
trap teardown EXIT

"$here/prereqs.sh"
"$here/build-tools.sh" >/dev/null
export PATH="$(tools_bin_dir):$PATH"

# harness_up PART ARGS...: brings PART (cluster or aws) up (idempotent), remembers whether this
# run started it, and says how long it took.
harness_up() {
  local part="$1" start=$SECONDS
  shift
  "$here/$part.sh" status >/dev/null 2>&1 || started+=("$part")
  "$here/$part.sh" up "$@" >/dev/null
  log "$part: ready in $((SECONDS - start))s"
}

# A cluster or emulator the caller already points at is used as it is.
if [[ -n "${KUBECONFIG:-}" ]] && kubectl get --raw /readyz >/dev/null 2>&1; then
  log "using the cluster KUBECONFIG names ($KUBECONFIG)"
else
  harness_up cluster --kwok-nodes 3
  eval "$("$here/cluster.sh" env)"
fi
if [[ -n "${AWS_ENDPOINT_URL:-}" ]] && curl -fsS -o /dev/null --max-time 2 "$AWS_ENDPOINT_URL"; then
  log "using the AWS emulator at $AWS_ENDPOINT_URL"
else
  harness_up aws
  eval "$("$here/aws.sh" env)"
fi

./mvnw -B verify
