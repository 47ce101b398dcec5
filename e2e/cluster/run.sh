#!/usr/bin/env bash
# make run: brings up the local platform (Kubernetes with a real node + AWS emulator), builds the
# operator's and the MTA's images and imports them into the node, installs the chart and
# examples/quickstart.yaml, waits for the tier, and says how to send a first message.
# Idempotent: a second run upgrades what the first installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
# For node_address: the host's address as the node's pods see it.
source "$here/node.sh"
cd "$here/../.."

release=mailfleet
operator_namespace=mailfleet-system
namespace="${MAILFLEET_RUN_NAMESPACE:-default}"
tier=default
tier_timeout=300s
# The emulator region the installed operator allocates in. The tests work in the emulator's default
# region (aws.env); an Elastic IP quota is per region, so the quick start's addresses (kept by its
# releasePolicy Retain even after its pool is deleted) never count against the tests' quota.
run_region=us-west-2

# The images, built by Maven (Jib) without tests, on the node's containerd.
build_images() {
  local start=$SECONDS
  ./mvnw -B -q -DskipTests package || die "the Maven build failed (./mvnw -DskipTests package)"
  "$here/images.sh" import-project
  log "images: built and imported in $((SECONDS - start))s"
}

# CRDs that exist without Helm's ownership marks (applied by the tests, or by hand) are adopted
# by the release, so that `helm upgrade --install` can manage them.
adopt_crds() {
  local crd
  for crd in $(kubectl get crd -o name | grep '\.mailfleet\.io$' || true); do
    kubectl label --overwrite "$crd" app.kubernetes.io/managed-by=Helm >/dev/null
    kubectl annotate --overwrite "$crd" meta.helm.sh/release-name="$release" \
      meta.helm.sh/release-namespace="$operator_namespace" >/dev/null
  done
}

# The operator's pod reaches the AWS emulator on the node's address (the host, from a pod); the
# emulator takes any credentials, the SDK insists on some.
install_chart() {
  adopt_crds
  helm upgrade --install "$release" helm/mailfleet --namespace "$operator_namespace" \
    --create-namespace --set clusterId=local \
    --set aws.region="$run_region" \
    --set aws.endpoint="http://$(node_address):${AWS_ENDPOINT_URL##*:}" \
    --set-json 'extraEnv=[{"name":"AWS_ACCESS_KEY_ID","value":"testing"},{"name":"AWS_SECRET_ACCESS_KEY","value":"testing"}]' \
    --wait --timeout 5m >/dev/null ||
    die "helm upgrade --install $release failed (kubectl -n $operator_namespace get pods)"
  log "chart: release $release in namespace $operator_namespace"
}

install_quickstart() {
  kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace" >/dev/null
  kubectl apply --server-side --namespace "$namespace" -f examples/quickstart.yaml >/dev/null
  kubectl wait --namespace "$namespace" --for=condition=Ready "deliverytier/$tier" \
    --timeout "$tier_timeout" >/dev/null ||
    die "tier $tier is not Ready after $tier_timeout (kubectl -n $namespace describe dt/$tier)"
  log "quickstart: tier $tier is Ready in namespace $namespace"
}

print_usage() {
  local service_ip service_port pod_ip admin_port
  service_ip="$(kubectl -n "$namespace" get service "$tier" -o jsonpath='{.spec.clusterIP}')"
  service_port="$(kubectl -n "$namespace" get service "$tier" -o jsonpath='{.spec.ports[0].port}')"
  pod_ip="$(kubectl -n "$namespace" get pod "$tier-0" -o jsonpath='{.status.podIP}')"
  admin_port="$(kubectl -n "$namespace" get pod "$tier-0" \
    -o jsonpath='{.spec.containers[0].ports[?(@.name=="admin")].containerPort}')"
  cat <<EOT

mailfleet runs: the operator (release $release in $operator_namespace) and the quick start
(examples/quickstart.yaml in namespace $namespace). In your shell:

  source $(env_file cluster)
  source $(env_file aws)

Send a first message to tier $tier's Service (a ClusterIP, reachable from this machine):
  swaks --server $service_ip --port $service_port --from you@example.com --to someone@example.org

Watch it:
  kubectl -n $namespace get dt,mcl,sip                  # tiers, clusters, IP pools
  AWS_REGION=$run_region aws ec2 describe-addresses     # the pool's Elastic IPs (with the AWS CLI)
  curl -s http://$pod_ip:$admin_port/api/v1/queue       # the MTA's queue (pod $tier-0's admin port)
  kubectl -n $namespace logs -f $tier-0                 # the MTA's log
  kubectl -n $operator_namespace logs -f deployment/$release   # the operator's log

Run it again after a change: make run (helm upgrade --install). Stop: make cluster-down aws-down
EOT
}

"$here/prereqs.sh"
"$here/cluster.sh" up --kwok-nodes "${KWOK_NODES:-0}"
"$here/aws.sh" up
# shellcheck source=/dev/null # written by cluster.sh up and aws.sh up
source "$(env_file cluster)"
# shellcheck source=/dev/null
source "$(env_file aws)"
build_images
install_chart
install_quickstart
print_usage
