#!/usr/bin/env bash
# The operator's footprint: the leader's resident memory at rest and with N DeliveryTiers
# reconciled, and reconcile duration p50/p99 per controller from its own /metrics.
# Needs the operator installed by `make run` (release mailfleet in mailfleet-system).
#   operator-footprint.sh [TIERS]   (default 100)
# The tiers' pods stay Pending (their spool claims name a StorageClass that nothing serves): what
# is measured is the operator holding and reconciling TIERS tiers, not the MTAs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

tiers="${1:-100}"
operator_namespace=mailfleet-system
namespace=footprint

# Name of the operator pod that holds the Lease.
leader_pod() {
  kubectl -n "$operator_namespace" get lease mailfleet-operator-leader \
    -o jsonpath='{.spec.holderIdentity}' || die "no Lease mailfleet-operator-leader: run make run"
}

# Resident memory of the leader's JVM (PID 1 in its container), in MiB.
leader_rss_mib() {
  local kib
  kib="$(kubectl -n "$operator_namespace" exec "$(leader_pod)" -- \
    bash -c 'while read -r key value _; do if [[ $key == VmRSS: ]]; then echo "$value"; fi; done </proc/1/status')"
  echo $((kib / 1024))
}

# p50 and p99 per controller, interpolated in the classic histogram's buckets as
# histogram_quantile does.
reconcile_quantiles() {
  local pod_ip
  pod_ip="$(kubectl -n "$operator_namespace" get pod "$(leader_pod)" -o jsonpath='{.status.podIP}')"
  curl -fsS "http://$pod_ip:8080/metrics" | python3 -c '
import re, sys, collections
buckets = collections.defaultdict(lambda: collections.defaultdict(float))
for line in sys.stdin:
    m = re.match(r"mailfleet_operator_reconcile_duration_seconds_bucket\{(.*)\} (\S+)", line)
    if not m:
        continue
    labels = dict(re.findall(r"(\w+)=\"([^\"]*)\"", m.group(1)))
    buckets[labels["controller"]][float(labels["le"])] += float(m.group(2))
def quantile(q, b):
    bounds = sorted(b)
    total = b[bounds[-1]]
    rank, lower, below = q * total, 0.0, 0.0
    for upper in bounds:
        if b[upper] >= rank:
            if upper == INF:
                return lower
            return lower + (upper - lower) * (rank - below) / max(b[upper] - below, 1e-12)
        lower, below = upper, b[upper]
INF = float("inf")
for controller, b in sorted(buckets.items()):
    print(f"  {controller}: {int(b[INF])} reconciliations, "
          f"p50 {quantile(0.5, b) * 1000:.1f} ms, p99 {quantile(0.99, b) * 1000:.1f} ms")
'
}

apply_tiers() {
  local i
  {
    printf 'apiVersion: mailfleet.io/v1alpha1\nkind: MailCluster\nmetadata: {name: mail}\n'
    printf 'spec: {hostname: mx.footprint.example.com, spool: {storageClassName: none}}\n'
    printf -- '---\napiVersion: mailfleet.io/v1alpha1\nkind: SendingIpPool\nmetadata: {name: outbound}\n'
    printf 'spec: {size: 1}\n'
    for ((i = 0; i < tiers; i++)); do
      printf -- '---\napiVersion: mailfleet.io/v1alpha1\nkind: DeliveryTier\n'
      printf 'metadata: {name: tier-%03d}\n' "$i"
      printf 'spec: {clusterRef: {name: mail}, ipPoolRef: {name: outbound}, inbound: {port: %d}}\n' \
        $((10000 + i))
    done
  } | kubectl apply --server-side -n "$namespace" -f - >/dev/null
}

[[ -f "$(env_file cluster)" ]] || die "no cluster runs: run make run"
# shellcheck source=/dev/null # written by cluster.sh up
source "$(env_file cluster)"
kubectl -n "$operator_namespace" get deployment mailfleet >/dev/null 2>&1 ||
  die "no operator installed (deployment mailfleet in $operator_namespace): run make run"
kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace" >/dev/null

echo "operator leader $(leader_pod): RSS at rest $(leader_rss_mib) MiB"
start=$SECONDS
apply_tiers
kubectl -n "$namespace" wait deliverytier --all --timeout 10m \
  --for=jsonpath='{.status.observedGeneration}'=1 >/dev/null ||
  die "not every DeliveryTier in $namespace was reconciled within 10 minutes"
echo "$tiers DeliveryTiers reconciled in $((SECONDS - start))s;" \
  "RSS $(leader_rss_mib) MiB"
echo "reconcile durations since the leader started:"
reconcile_quantiles
kubectl delete namespace "$namespace" --wait=false >/dev/null
