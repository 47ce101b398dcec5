#!/usr/bin/env bash
# The operator at fleet scale: for each N, one MailCluster, one SendingIpPool and N DeliveryTiers
# applied at once in a namespace of their own; the tiers' pods land on kwok nodes (simulated: Running
# and Ready without containers). Prints, per N: seconds until the last StatefulSet exists and until
# every tier is Ready, the operator's RSS and CPU seconds, its API requests per tier (from the API
# server's own counters: APF flow schemas that match only the operator's ServiceAccount), its
# reconciles per tier, and the reconciles and API writes in 60 idle seconds after that.
#   operator-scale.sh [N...]              (default: 100 300 1000)
# OPERATOR_MODE picks the operator measured:
#   chart (default)  `make run` with KWOK_NODES=3: the chart in mailfleet-system with its default
#                    resources, watching every namespace. For a cluster of its own.
#   host             the operator's jar as a host process with the chart's JVM options, RBAC and
#                    memory limit, watching only the benchmark's namespace, as its own
#                    ServiceAccount: for a cluster shared with others (needs kwok nodes and the
#                    AWS emulator, e.g. a private one: AWS_ENV=/tmp/x/aws.env).
# IDLE_SECONDS (60) is the idle window; SETTLE_SECONDS (10) the pause before it; READY_TIMEOUT
# (1200) how long to wait for every tier to be Ready before measuring on with those that are.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$repo/e2e/cluster/lib.sh"

mode="${OPERATOR_MODE:-chart}"
idle_seconds="${IDLE_SECONDS:-60}"
settle_seconds="${SETTLE_SECONDS:-10}"
ready_timeout="${READY_TIMEOUT:-1200}"
sizes=("$@")
((${#sizes[@]} > 0)) || sizes=(100 300 1000)
bench_label="mailfleet.io/bench=operator-scale"
work="$(mktemp -d /tmp/operator-scale.XXXXXX)"
operator_pid=""
webhook_pid=""
namespace=""

case "$mode" in
  chart)
    operator_namespace=mailfleet-system
    operator_account=mailfleet
    ;;
  host) operator_account=mailfleet ;; # operator_namespace: the benchmark's namespace, per run
  *) die "OPERATOR_MODE is chart or host, not '$mode'" ;;
esac

cleanup() {
  set +e
  [[ -n "$namespace" ]] && delete_fleet
  [[ -n "$operator_pid" ]] && stop_pid "$operator_pid"
  [[ -n "$namespace" ]] && kubectl delete namespace "$namespace" --wait=false >/dev/null 2>&1
  kubectl delete mutatingwebhookconfiguration,flowschema -l "$bench_label" >/dev/null 2>&1
  delete_spool_volumes
  [[ -n "$webhook_pid" ]] && stop_pid "$webhook_pid"
  rm -rf "$work"
}
trap cleanup EXIT

# --- placement: a webhook that sends the benchmark's MTA pods to the kwok nodes ------------------

start_placement_webhook() {
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/webhook.key" -out "$work/webhook.crt" \
    >/dev/null 2>&1 || die "openssl could not make the webhook's certificate"
  python3 "$here/kwok-placement.py" "$port" "$work/webhook.crt" "$work/webhook.key" &
  webhook_pid=$!
  kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: mailfleet-bench-kwok-placement
  labels: {${bench_label%%=*}: ${bench_label#*=}}
webhooks:
  - name: kwok-placement.bench.mailfleet.io
    clientConfig:
      url: https://127.0.0.1:$port/
      caBundle: $(base64 -w0 "$work/webhook.crt")
    rules:
      - {operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}
    # Only the benchmark's namespaces and MTA pods; when the webhook does not answer the pod is
    # refused (and retried by the StatefulSet controller) rather than placed on a real node.
    namespaceSelector: {matchLabels: {${bench_label%%=*}: ${bench_label#*=}}}
    objectSelector: {matchLabels: {app.kubernetes.io/name: mailfleet-mta}}
    failurePolicy: Fail
    sideEffects: None
    admissionReviewVersions: [v1]
    timeoutSeconds: 5
EOF
}

# --- the operator's API requests, counted by the API server --------------------------------------

# flow_schemas: four APF flow schemas that match only the operator's ServiceAccount (at the
# priority level a ServiceAccount gets anyway): its Lease, its other writes, its reads, and its
# discovery (non-resource) requests. The API server counts the requests each dispatches.
flow_schemas() {
  local name precedence rule
  for name in leases writes reads discovery; do
    case "$name" in
      leases) precedence=480 rule='resourceRules: [{verbs: ["*"], apiGroups: [coordination.k8s.io], resources: [leases], namespaces: ["*"]}]' ;;
      writes) precedence=481 rule='resourceRules: [{verbs: [create, update, patch, delete, deletecollection], apiGroups: ["*"], resources: ["*"], namespaces: ["*"], clusterScope: true}]' ;;
      reads) precedence=482 rule='resourceRules: [{verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"], clusterScope: true}]' ;;
      discovery) precedence=483 rule='nonResourceRules: [{verbs: ["*"], nonResourceURLs: ["*"]}]' ;;
    esac
    kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: mailfleet-bench-$name
  labels: {${bench_label%%=*}: ${bench_label#*=}}
spec:
  priorityLevelConfiguration: {name: workload-low}
  matchingPrecedence: $precedence
  distinguisherMethod: {type: ByUser}
  rules:
    - subjects: [{kind: ServiceAccount, serviceAccount: {name: $operator_account, namespace: $operator_namespace}}]
      $rule
EOF
  done
}

# api_requests: "leases writes reads discovery", the requests each flow schema dispatched so far.
api_requests() {
  kubectl get --raw /metrics | awk '
    /^apiserver_flowcontrol_dispatched_requests_total\{/ && /flow_schema="mailfleet-bench-/ {
      match($0, /flow_schema="mailfleet-bench-[a-z]+"/)
      n[substr($0, RSTART + 29, RLENGTH - 30)] += $NF
    }
    END { printf "%d %d %d %d\n", n["leases"], n["writes"], n["reads"], n["discovery"] }'
}

# --- the operator -------------------------------------------------------------------------------

# The chart's JVM: a 512Mi memory limit (MaxRAM, as the container shows it) and its javaOptions.
chart_java_options() {
  local limit options
  limit="$(helm show values "$repo/helm/mailfleet" 2>/dev/null | awk '/^  limits:/ {f=1} f && /memory:/ {print $2; exit}')"
  options="$(helm show values "$repo/helm/mailfleet" 2>/dev/null | sed -n 's/^javaOptions: "\(.*\)"$/\1/p')"
  [[ "$limit" =~ ^([0-9]+)Mi$ ]] || die "the chart's memory limit '$limit' is not in Mi"
  echo "-XX:MaxRAM=${BASH_REMATCH[1]}m $options"
}

build_operator() {
  log "building the operator (operator/target)"
  (cd "$repo" && ./mvnw -B -q -o -pl mta-image/config-model,operator -am -DskipTests \
    -Dimages.skip=true -Dspotless.skip=true package dependency:build-classpath \
    -Dmdep.outputFile="$work/classpath") >"$work/build.log" 2>&1 || {
    tail -30 "$work/build.log" >&2
    die "operator build failed"
  }
  classpath="$repo/operator/target/classes:$(cat "$work/classpath")"
}

# ensure_crds: the committed CRDs, created where the cluster has none; one that exists is left as
# it is (others may have applied a newer one).
ensure_crds() {
  local file name
  for file in "$repo"/crds/*.yml; do
    name="$(basename "$file" -v1.yml)"
    kubectl get crd "$name" >/dev/null 2>&1 && continue
    kubectl create -f "$file" >/dev/null
    kubectl wait --for condition=Established --timeout 60s "crd/$name" >/dev/null
  done
}

# start_host_operator: the chart's RBAC and ServiceAccount rendered for the benchmark's
# namespace, a kubeconfig with that account's token, and the operator's main class.
start_host_operator() {
  local server ca_file port
  helm template mailfleet "$repo/helm/mailfleet" --namespace "$namespace" --set clusterId=bench \
    --kube-version "$(kubectl version -o json | python3 -c 'import json, sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])')" \
    --set "watchNamespaces={$namespace}" --show-only templates/serviceaccount.yaml \
    --show-only templates/rbac.yaml 2>"$work/helm.log" |
    kubectl apply --server-side -n "$namespace" -f - >/dev/null
  server="$(kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.server}')"
  kubectl config view --minify --flatten \
    -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$work/ca.crt"
  ca_file="$work/ca.crt"
  KUBECONFIG="$work/kubeconfig" kubectl config set-cluster bench --server "$server" \
    --certificate-authority "$ca_file" --embed-certs >/dev/null
  KUBECONFIG="$work/kubeconfig" kubectl config set-credentials operator \
    --token "$(kubectl -n "$namespace" create token "$operator_account" --duration 2h)" >/dev/null
  KUBECONFIG="$work/kubeconfig" kubectl config set-context bench --cluster bench \
    --user operator --namespace "$namespace" >/dev/null
  KUBECONFIG="$work/kubeconfig" kubectl config use-context bench >/dev/null
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  metrics_url="http://127.0.0.1:$port/metrics"
  # shellcheck disable=SC2046 # the JVM options are words
  KUBECONFIG="$work/kubeconfig" MAILFLEET_CLUSTER_ID="bench-$namespace" \
    MAILFLEET_WATCH_NAMESPACES="$namespace" MAILFLEET_MTA_IMAGE=mailfleet.local/mta:bench \
    MAILFLEET_LEADER_ELECTION=true POD_NAMESPACE="$namespace" POD_NAME=bench-operator \
    MAILFLEET_HTTP_PORT="$port" LOG_LEVEL=WARN \
    java $(chart_java_options) -cp "$classpath" io.mailfleet.operator.Main \
    >"$work/operator-$namespace.log" 2>&1 &
  operator_pid=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$operator_pid" 2>/dev/null || break
    sleep 1
  done
  tail -20 "$work/operator-$namespace.log" >&2
  die "the operator did not become ready"
}

# The leader's pod in chart mode.
leader_pod() {
  kubectl -n "$operator_namespace" get lease mailfleet-operator-leader -o jsonpath='{.spec.holderIdentity}'
}

# operator_proc FILE: a /proc file of the operator's JVM.
operator_proc() {
  if [[ "$mode" == host ]]; then
    cat "/proc/$operator_pid/$1"
  else
    kubectl -n "$operator_namespace" exec "$(leader_pod)" -- cat "/proc/1/$1"
  fi
}

rss_mib() { operator_proc status | awk '$1 == "VmRSS:" {print int($2 / 1024)}'; }

cpu_seconds() {
  operator_proc stat | awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f\n", ($14 + $15) / hz}'
}

operator_metrics() {
  if [[ "$mode" == host ]]; then
    curl -fsS "$metrics_url"
  else
    curl -fsS "http://$(kubectl -n "$operator_namespace" get pod "$(leader_pod)" -o jsonpath='{.status.podIP}'):8080/metrics"
  fi
}

# reconciles: "deliverytier mailcluster sendingippool" reconciliations started so far.
reconciles() {
  operator_metrics | awk '
    /^mailfleet_operator_reconciliations_total\{/ {
      match($0, /controller="[a-z]+"/)
      n[substr($0, RSTART + 12, RLENGTH - 13)] += $NF
    }
    END { printf "%d %d %d\n", n["deliverytier"], n["mailcluster"], n["sendingippool"] }'
}

# --- the fleet ----------------------------------------------------------------------------------

# spool_volumes TIERS: a StorageClass that binds at once and TIERS volumes for it, made before the
# clock starts. The cluster's provisioner would make one volume at a time, and its pace, not the
# operator's, would set the time to Ready. The volumes are never mounted: kwok runs no containers.
spool_volumes() {
  local tiers="$1" i
  {
    printf 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\n'
    printf 'metadata: {name: mailfleet-bench, labels: {%s: %s}}\n' "${bench_label%%=*}" "${bench_label#*=}"
    printf 'provisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: Immediate\n'
    for ((i = 0; i < tiers; i++)); do
      printf -- '---\napiVersion: v1\nkind: PersistentVolume\n'
      printf 'metadata: {name: %s-%04d, labels: {%s: %s}}\n' "$namespace" "$i" \
        "${bench_label%%=*}" "${bench_label#*=}"
      printf 'spec: {storageClassName: mailfleet-bench, capacity: {storage: 1Gi},'
      printf ' accessModes: [ReadWriteOnce], persistentVolumeReclaimPolicy: Retain,'
      printf ' hostPath: {path: /nonexistent/mailfleet-bench}}\n'
    done
  } | kubectl apply --server-side -f - >/dev/null
}

delete_spool_volumes() {
  kubectl delete persistentvolumes,storageclass -l "$bench_label" --wait=false >/dev/null 2>&1
}

apply_fleet() {
  local tiers="$1" i
  {
    printf 'apiVersion: mailfleet.io/v1alpha1\nkind: MailCluster\nmetadata: {name: mail}\n'
    printf 'spec: {hostname: mx.bench.example.com, spool: {storageClassName: mailfleet-bench, size: 1Gi}}\n'
    printf -- '---\napiVersion: mailfleet.io/v1alpha1\nkind: SendingIpPool\nmetadata: {name: outbound}\n'
    printf 'spec: {size: 1}\n'
    # External scaling: the operator follows spec.replicas and does not size the tiers from the
    # queues of MTAs that, on kwok nodes, do not run.
    for ((i = 0; i < tiers; i++)); do
      printf -- '---\napiVersion: mailfleet.io/v1alpha1\nkind: DeliveryTier\n'
      printf 'metadata: {name: tier-%04d}\n' "$i"
      printf 'spec: {clusterRef: {name: mail}, ipPoolRef: {name: outbound}, inbound: {port: %d},' \
        $((10000 + i))
      printf ' scaling: {mode: External}, replicas: 1}\n'
    done
  } >"$work/fleet.yaml"
  kubectl apply --server-side -n "$namespace" -f "$work/fleet.yaml" >/dev/null
}

# revive_pods: a kwok node that misses a heartbeat under load is marked NotReady, and its pods
# Ready=False, by the node lifecycle controller; a kubelet reports them ready again once it is
# back, kwok does not. The benchmark reports it for kwok (as its own user, so the operator's
# counts are untouched): pods whose containers are ready, on a node that is Ready.
revive_pods() {
  local pod
  kubectl -n "$namespace" get pods -o json | python3 -c '
import json, sys
for pod in json.load(sys.stdin)["items"]:
    conditions = {c["type"]: c["status"] for c in pod["status"].get("conditions", [])}
    if conditions.get("ContainersReady") == "True" and conditions.get("Ready") == "False":
        print(pod["metadata"]["name"])' | while read -r pod; do
    kubectl -n "$namespace" patch pod "$pod" --subresource status --type strategic \
      -p '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}' >/dev/null 2>&1 || true
  done
}

ready_tiers() {
  kubectl -n "$namespace" get deliverytiers \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' |
    grep -c True || true
}

statefulsets() { kubectl -n "$namespace" get statefulsets --no-headers 2>/dev/null | wc -l; }

# delete_fleet: the tiers, pool and cluster while the operator runs (the pool's finalizer
# releases its address), then the namespace.
delete_fleet() {
  kubectl -n "$namespace" delete deliverytiers,sendingippools,mailclusters --all --timeout 5m \
    >/dev/null 2>&1 || log "the fleet in $namespace was not deleted within 5 minutes"
}

# per_tier COUNT TIERS: COUNT / TIERS with one decimal.
per_tier() { awk -v c="$1" -v t="$2" 'BEGIN {printf "%.1f", c / t}'; }

run_size() {
  local tiers="$1" start now sts_at="" ready_at="" count ready
  local -a api0 api1 api2 rec0 rec1 rec2
  namespace="mailfleet-bench-scale-$tiers"
  kubectl create namespace "$namespace" >/dev/null
  kubectl label namespace "$namespace" "$bench_label" >/dev/null
  if [[ "$mode" == host ]]; then
    operator_namespace="$namespace"
    flow_schemas
    start_host_operator
  else
    flow_schemas
  fi
  spool_volumes "$tiers"
  local rss0 cpu0
  rss0="$(rss_mib)"
  cpu0="$(cpu_seconds)"
  read -ra api0 <<<"$(api_requests)"
  read -ra rec0 <<<"$(reconciles)"
  start="$(date +%s.%N)"
  apply_fleet "$tiers"
  while [[ -z "$ready_at" ]]; do
    now="$(date +%s.%N)"
    if (($(echo "$now - $start > $ready_timeout" | bc))); then
      # The operator's figures still count; kwok's flapping nodes are what is reported here.
      log "$(ready_tiers) of $tiers tiers Ready after ${ready_timeout}s: measuring on"
      ready_at="$ready_timeout"
      break
    fi
    if [[ -z "$sts_at" ]]; then
      count="$(statefulsets)"
      ((count >= tiers)) && sts_at="$(echo "$(date +%s.%N) - $start" | bc)"
    fi
    ready="$(ready_tiers)"
    ((ready >= tiers)) && ready_at="$(echo "$(date +%s.%N) - $start" | bc)"
    [[ -n "$ready_at" || -z "$sts_at" ]] || revive_pods
    sleep 1
  done
  read -ra api1 <<<"$(api_requests)"
  read -ra rec1 <<<"$(reconciles)"
  local rss1 cpu1
  rss1="$(rss_mib)"
  cpu1="$(cpu_seconds)"
  sleep "$settle_seconds"
  read -ra api2 <<<"$(api_requests)"
  read -ra rec2 <<<"$(reconciles)"
  local cpu2
  cpu2="$(cpu_seconds)"
  sleep "$idle_seconds"
  local -a api3 rec3 cpu3
  cpu3="$(cpu_seconds)"
  read -ra api3 <<<"$(api_requests)"
  read -ra rec3 <<<"$(reconciles)"
  local load
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%5d tiers: last StatefulSet %6.1f s, %d Ready at %6.1f s; RSS %d -> %d MiB, CPU %.1f s;' \
    "$tiers" "${sts_at:-$ready_at}" "$ready" "$ready_at" "$rss0" "$rss1" \
    "$(echo "$cpu1 - $cpu0" | bc)"
  printf ' per tier: %s API requests (%s writes, %s reads, %s discovery), %s reconciles' \
    "$(per_tier $((api1[1] + api1[2] + api1[3] - api0[1] - api0[2] - api0[3])) "$tiers")" \
    "$(per_tier $((api1[1] - api0[1])) "$tiers")" "$(per_tier $((api1[2] - api0[2])) "$tiers")" \
    "$(per_tier $((api1[3] - api0[3])) "$tiers")" \
    "$(per_tier $((rec1[0] + rec1[1] + rec1[2] - rec0[0] - rec0[1] - rec0[2])) "$tiers")"
  printf ' (tier %d, cluster %d, pool %d);' $((rec1[0] - rec0[0])) $((rec1[1] - rec0[1])) \
    $((rec1[2] - rec0[2]))
  printf ' idle %ss: CPU %.1f s, %d reconciles, %d writes, %d reads, %d discovery, %d Lease requests;' \
    "$idle_seconds" "$(echo "$cpu3 - $cpu2" | bc)" $((rec3[0] + rec3[1] + rec3[2] - rec2[0] - rec2[1] - rec2[2])) \
    $((api3[1] - api2[1])) $((api3[2] - api2[2])) $((api3[3] - api2[3])) $((api3[0] - api2[0]))
  printf ' load average %s\n' "$load"
  delete_fleet
  if [[ "$mode" == host ]]; then
    stop_pid "$operator_pid"
    operator_pid=""
  fi
  kubectl delete namespace "$namespace" --wait=true --timeout 5m >/dev/null
  delete_spool_volumes
  namespace=""
}

if [[ "$mode" == chart ]]; then
  KWOK_NODES="${KWOK_NODES:-3}" "$repo/e2e/cluster/run.sh" >/dev/null
fi
# shellcheck source=/dev/null # written by cluster.sh up
source "$(env_file cluster)"
# shellcheck source=/dev/null # written by aws.sh up, or a private emulator's
source "${AWS_ENV:-$(env_file aws)}"
for tool in kubectl helm java python3 openssl curl bc; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
(($(kubectl get nodes -l type=kwok --no-headers | wc -l) > 0)) ||
  die "no kwok nodes: start the cluster with e2e/cluster/cluster.sh up --kwok-nodes 3"
if [[ "$mode" == host ]]; then
  ensure_crds
  build_operator
fi
start_placement_webhook
echo "machine: $(nproc) cores, $(free -m | awk '/^Mem:/ {print $2}') MiB; operator: $mode"
for tiers in "${sizes[@]}"; do
  run_size "$tiers"
done
