#!/usr/bin/env bash
# A real Kubernetes control plane on loopback, built from source, no Docker.
#   cluster.sh up [--kwok-nodes N] [--no-node]
#                                    start etcd, kube-apiserver, controller-manager, scheduler,
#                                    a real node that runs pods (node.sh) unless --no-node, and
#                                    N simulated kwok nodes; writes the KUBECONFIG and PATH
#                                    export lines to $run_root/cluster.env for `source`
#   cluster.sh down                  stop everything the harness started
#   cluster.sh status                say what runs
#   cluster.sh env                   print those export lines
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/node.sh"

etcd_port="${MAILFLEET_ETCD_PORT:-12379}"
apiserver_port="${MAILFLEET_APISERVER_PORT:-6443}"
# Pods reach the API server through the kubernetes Service, whose endpoint is this address:
# the node's bridge address, so it must not be loopback.
advertise_address="${MAILFLEET_ADVERTISE_ADDRESS:-$(node_address)}"
service_cidr="${MAILFLEET_SERVICE_CIDR:-10.96.0.0/16}"
kubernetes_service_ip="$(first_service_ip "$service_cidr")"
pki="$run_root/pki"
kubeconfig="$run_root/kubeconfig"
components=(kwok kube-scheduler kube-controller-manager kube-apiserver etcd)

main() {
  case "${1:-}" in
    up) shift; up "$@" ;;
    down) down ;;
    status) status ;;
    env) print_env ;;
    *) echo "usage: $0 up [--kwok-nodes N] [--no-node] | down | status | env" >&2; exit 2 ;;
  esac
}

write_env() {
  printf 'export KUBECONFIG=%q\nexport PATH=%q:"$PATH"\n' "$kubeconfig" "$(tools_bin_dir)" \
    >"$(env_file cluster)"
}

print_env() {
  [[ -f "$(env_file cluster)" ]] || die "no cluster started: run $0 up"
  cat "$(env_file cluster)"
}

kubectl() { "$(tools_bin_dir)/kubectl" --kubeconfig "$kubeconfig" "$@"; }

apiserver_ready() { [[ "$(kubectl get --raw /readyz 2>/dev/null)" == "ok" ]]; }

control_plane_running() {
  local c
  for c in etcd kube-apiserver kube-controller-manager kube-scheduler; do
    is_running "$c" || return 1
  done
  apiserver_ready
}

up() {
  local kwok_nodes=0 real_node=1
  while (($#)); do
    case "$1" in
      --kwok-nodes) kwok_nodes="${2:?--kwok-nodes needs a number}"; shift 2 ;;
      --no-node) real_node=0; shift ;;
      *) die "unknown option $1 (try --kwok-nodes N, --no-node)" ;;
    esac
  done
  [[ "$kwok_nodes" =~ ^[0-9]+$ ]] || die "--kwok-nodes needs a number, not '$kwok_nodes'"

  local start=$SECONDS
  require_tools
  ((real_node == 0)) || node_preflight
  "$(dirname "${BASH_SOURCE[0]}")/build-tools.sh" >/dev/null
  if control_plane_running; then
    log "control plane already running"
  else
    down_quietly
    mkdir -p "$run_root"
    make_pki
    write_kubeconfigs
    start_etcd
    start_apiserver
    start_controllers
  fi
  if ((real_node)); then
    node_up
  fi
  if ((kwok_nodes > 0)); then
    start_kwok "$kwok_nodes"
  fi
  write_env
  log "cluster $(k8s_version) ready in $((SECONDS - start))s; logs in $run_root/logs"
  log "to use it: source $(env_file cluster)"
}

require_tools() {
  local missing=()
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v ss >/dev/null || missing+=(iproute2)
  if ((${#missing[@]})); then
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
      log "installing ${missing[*]}"
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
        || die "could not install ${missing[*]}: run apt-get update, then apt-get install ${missing[*]}"
    else
      die "missing ${missing[*]}: apt-get install ${missing[*]}"
    fi
  fi
}

# A CA, the API server's serving certificate, an admin client certificate and the
# service-account signing key. Remade on every fresh start: the cluster is disposable.
make_pki() {
  rm -rf "$pki"; mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout ca.key -out ca.crt \
      -subj "/CN=mailfleet-local-ca" 2>/dev/null
    issue apiserver "/CN=kube-apiserver" \
      "subjectAltName=IP:127.0.0.1,IP:$advertise_address,IP:$kubernetes_service_ip,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    issue admin "/O=system:masters/CN=mailfleet-admin" "extendedKeyUsage=clientAuth"
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

# issue NAME SUBJECT EXTENSION: a key and a certificate signed by the local CA.
issue() {
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile <(echo "$3") -out "$1.crt" 2>/dev/null
  rm -f "$1.csr"
}

write_kubeconfigs() {
  cat > "$kubeconfig" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: mailfleet-local
  cluster:
    server: https://127.0.0.1:$apiserver_port
    certificate-authority: $pki/ca.crt
users:
- name: mailfleet-admin
  user:
    client-certificate: $pki/admin.crt
    client-key: $pki/admin.key
contexts:
- name: mailfleet-local
  context:
    cluster: mailfleet-local
    user: mailfleet-admin
    namespace: default
current-context: mailfleet-local
KCFG
}

start_etcd() {
  require_free_port "$etcd_port" "etcd"
  require_free_port "$((etcd_port + 1))" "etcd peers"
  rm -rf "$run_root/etcd"
  start_process etcd "$(tools_bin_dir)/etcd" \
    --name mailfleet --data-dir "$run_root/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$((etcd_port + 1))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((etcd_port + 1))" \
    --initial-cluster "mailfleet=http://127.0.0.1:$((etcd_port + 1))" \
    --unsafe-no-fsync --quota-backend-bytes 2147483648 --log-level warn
  wait_until 30 "etcd healthy" curl -fsS "http://127.0.0.1:$etcd_port/health" \
    || die "etcd did not become healthy within 30s; see $(log_file etcd)"
}

start_apiserver() {
  require_free_port "$apiserver_port" "kube-apiserver"
  start_process kube-apiserver "$(tools_bin_dir)/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 0.0.0.0 --advertise-address "$advertise_address" --secure-port "$apiserver_port" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" \
    --kubelet-client-certificate "$pki/admin.crt" --kubelet-client-key "$pki/admin.key" \
    --kubelet-preferred-address-types InternalIP,Hostname \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range "$service_cidr" \
    --authorization-mode Node,RBAC --allow-privileged=true \
    --profiling=false --v=1
  wait_until 90 "kube-apiserver ready" apiserver_ready \
    || die "kube-apiserver did not become ready within 90s; see $(log_file kube-apiserver)"
}

start_controllers() {
  start_process kube-controller-manager "$(tools_bin_dir)/kube-controller-manager" \
    --kubeconfig "$kubeconfig" --authentication-kubeconfig "$kubeconfig" \
    --authorization-kubeconfig "$kubeconfig" \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    --use-service-account-credentials --service-cluster-ip-range "$service_cidr" \
    --leader-elect=false --bind-address 127.0.0.1 --secure-port 0 --v=1
  start_process kube-scheduler "$(tools_bin_dir)/kube-scheduler" \
    --kubeconfig "$kubeconfig" --authentication-kubeconfig "$kubeconfig" \
    --authorization-kubeconfig "$kubeconfig" \
    --leader-elect=false --bind-address 127.0.0.1 --secure-port 0 --v=1
  wait_until 60 "the default service account" kubectl -n default get serviceaccount default \
    || die "the controller manager did not create the default service account within 60s; see $(log_file kube-controller-manager)"
}

# Simulated nodes: kwok marks pods on them Running without running containers. The nodes are
# tainted so only pods that tolerate kwok.x-k8s.io/node land there.
start_kwok() {
  local count="$1" i
  if ! is_running kwok; then
    start_process kwok "$(tools_bin_dir)/kwok" --kubeconfig "$kubeconfig" \
      --manage-all-nodes=false \
      --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
      --manage-nodes-with-label-selector= \
      --disregard-status-with-annotation-selector=kwok.x-k8s.io/status=custom \
      --disregard-status-with-label-selector= \
      --cidr=10.0.0.1/24 --node-ip=10.0.0.1 --server-address=127.0.0.1:0
  fi
  for ((i = 0; i < count; i++)); do
    kubectl apply --server-side --field-manager mailfleet-harness -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
spec:
  taints:
  - key: kwok.x-k8s.io/node
    value: fake
    effect: NoSchedule
NODE
  done
  wait_until 60 "kwok nodes" kwok_nodes_ready "$count" \
    || die "kwok nodes did not become Ready within 60s; see $(log_file kwok)"
  log "$count kwok nodes Ready"
}

kwok_nodes_ready() {
  local ready
  ready="$(kubectl get nodes -l type=kwok -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True)"
  ((ready >= $1))
}

down() {
  down_quietly
  log "cluster stopped"
}

# Stops every component by its pid file, also those of a killed run, and forgets the
# cluster's state.
down_quietly() {
  local c
  # Before the API server stops, so the Node object is deleted with it.
  node_down
  for c in "${components[@]}"; do
    stop_process "$c"
  done
  rm -rf "$run_root/etcd"
  rm -f "$(env_file cluster)"
}

status() {
  local c code=0
  for c in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
    if is_running "$c"; then echo "$c: running (pid $(cat "$(pid_file "$c")"))"; else echo "$c: stopped"; fi
  done
  if apiserver_ready; then echo "API server: ready at https://127.0.0.1:$apiserver_port"; else echo "API server: not ready"; code=1; fi
  node_status || code=1
  return $code
}

main "$@"
