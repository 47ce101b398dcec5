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
  resume_installed_operators || true
  for part in "${started[@]}"; do
    "$here/$part.sh" down || true
  done
}
trap teardown EXIT

"$here/prereqs.sh"
"$here/build-tools.sh" >/dev/null
export PATH="$(tools_bin_dir):$PATH"
# The Prometheus server PrometheusE2E runs (it asks the script again, which answers at once).
"$here/build-prometheus.sh" >/dev/null

# The Argo CD health check, run by gopher-lua (the interpreter Argo CD embeds) on sample objects.
(cd argocd && go test ./...)

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

# An operator installed in the cluster that watches every namespace (as `make run`'s does) would
# reconcile the objects the tests create in their own namespaces and fight the operators the
# tests run. The suite scales each such operator to zero while it runs and puts it back
# afterwards; operators that watch named namespaces only (as the E2E tests install) are left
# alone. The replica counts are kept in a file, so a run that was killed is repaired by the next.
paused_file="$run_root/operators-paused"
operator_label=app.kubernetes.io/name=mailfleet-operator

pause_installed_operators() {
  local namespace name replicas watched
  touch "$paused_file"
  while read -r namespace name replicas watched; do
    [[ -n "$name" && -z "$watched" ]] || continue
    grep -q "^$namespace $name " "$paused_file" || echo "$namespace $name $replicas" >>"$paused_file"
    kubectl -n "$namespace" scale deployment "$name" --replicas 0 >/dev/null
    kubectl -n "$namespace" wait --for=delete pod -l "$operator_label" --timeout 120s >/dev/null ||
      die "the installed operator $namespace/$name did not stop within 120s"
    log "paused the installed operator $namespace/$name (was $replicas replicas) for the tests"
  done < <(kubectl get deployments --all-namespaces -l "$operator_label" \
    -o jsonpath='{range .items[*]}{.metadata.namespace} {.metadata.name} {.spec.replicas} {.spec.template.spec.containers[0].env[?(@.name=="MAILFLEET_WATCH_NAMESPACES")].value}{"\n"}{end}')
}

resume_installed_operators() {
  local namespace name replicas
  [[ -s "$paused_file" ]] || return 0
  while read -r namespace name replicas; do
    kubectl -n "$namespace" scale deployment "$name" --replicas "$replicas" >/dev/null &&
      log "resumed the installed operator $namespace/$name ($replicas replicas)"
  done <"$paused_file"
  rm -f "$paused_file"
}

resume_installed_operators
pause_installed_operators

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
