#!/usr/bin/env bash
# make test: format check, unit tests, ITs against the local cluster and AWS emulator, the
# container images, then the E2E suite on the real node with those images.
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
local_node=true
if [[ -n "${KUBECONFIG:-}" ]] && kubectl get --raw /readyz >/dev/null 2>&1; then
  log "using the cluster KUBECONFIG names ($KUBECONFIG)"
  local_node=false
else
  harness_up cluster --kwok-nodes 3
  # shellcheck source=/dev/null # written by cluster.sh up
  source "$(env_file cluster)"
fi
if [[ -n "${AWS_ENDPOINT_URL:-}" ]] && curl -fsS -o /dev/null --max-time 2 "$AWS_ENDPOINT_URL"; then
  log "using the AWS emulator at $AWS_ENDPOINT_URL"
else
  harness_up aws
  # shellcheck source=/dev/null # written by aws.sh up
  source "$(env_file aws)"
fi

# Unit tests, ITs and the images (Jib, bound to package). The E2E execution is not part of the
# lifecycle: the images it runs are built by modules that come after e2e in the reactor.
./mvnw -B verify

# import_images: puts the images the build made on the node, where pods find them (no registry).
import_images() {
  if [[ "$local_node" == true ]]; then
    "$here/images.sh" import-project
  else
    log "the E2E suite needs these images in that cluster (kind load image-archive ...):" \
      "$(source "$here/images.sh" && images_project_tarballs)"
  fi
}
import_images

./mvnw -B -pl e2e test-compile failsafe:integration-test@e2e failsafe:verify@e2e
