# The local cluster's real node: a private containerd (Debian containerd + runc, cgroupfs),
# a CNI bridge (Debian containernetworking-plugins), the pinned kubelet and kube-proxy
# (iptables mode), CoreDNS for cluster DNS, a volume provisioner (the default StorageClass),
# and the locally built images imported into containerd (images.sh).
#
# Sourced by cluster.sh after lib.sh; node_up runs once the control plane answers. Defines:
#   node_address the node's address (its bridge's), which pods reach the host on
#   node_preflight  check, before anything starts, that the node can run on this host
#   node_up      start (or restart after a crash) the node and wait until it is Ready
#   node_down    stop containers and node processes; remove mounts, bridge, veths, iptables
#                chains, cgroups and volumes the node made; restore the sysctls it changed
#   node_status  one line per node process, exit 1 when one is not running
#
# The node touches only what it made, so that it can share a host with another kubelet, k3s
# or kind: its processes by their pid files (and containerd's shims by the socket addresses its
# task bundles record), its pods' cgroups under its own cgroup root ($node_cgroup_root), the iptables
# chains that did not exist before it started (recorded then), and files under $node_dir.
# It refuses to start beside another kube-proxy on the host: two would rewrite each other's
# rules.
#
# Everything lives under $run_root/node; the control plane's CA ($run_root/pki/ca.{crt,key})
# signs the node's certificates, and $run_root/kubeconfig names the API server.
#
# Name resolution: CoreDNS (built from its Go module, node/coredns) runs as a host process on
# the node's bridge address and is the kubelet's clusterDNS: pods resolve Services and pods
# under cluster.local, and every other name through the host's resolvers.
#
# Volumes: the provisioner (built from its Go module, node/provisioner) runs as a host process
# too and serves the default StorageClass mailfleet-local: a directory per claim under
# $node_dir/volumes, a local PersistentVolume on the node the pod was scheduled to, removed
# with the claim (and all of them on node_down).
# shellcheck shell=bash

node_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=images.sh
source "$node_here/images.sh"

node_name="${MAILFLEET_NODE_NAME:-mailfleet-node}"
node_dir="$run_root/node"
node_bridge="mfbr0"
# Pods of the whole cluster, this node's share, and the bridge's (the node's) address.
node_pod_cidr="10.244.0.0/16"
node_pod_subnet="10.244.0.0/24"
node_ip="10.244.0.1"
node_cni_bin_dir="/usr/lib/cni"
node_processes=(containerd kubelet kube-proxy coredns provisioner)
node_dns_health_port=10054
node_dns_ready_port=10055
node_ready_timeout=120
# The kubelet's --cgroup-root: every pod's cgroup lives under it, in each hierarchy.
node_cgroup_root="mailfleet-node"
# Chains with these prefixes that appear while the node runs are its kube-proxy's, kubelet's
# and CNI plugins'; those that existed before it started are left alone.
node_chain_prefixes="KUBE-|CNI-"
# Host sysctls the node needs; node_down puts back the values it found.
node_sysctls=(net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  net.bridge.bridge-nf-call-ip6tables=1)

node_address() { echo "$node_ip"; }
node_containerd_socket() { echo "$node_dir/containerd/containerd.sock"; }
node_kubectl() { "$(tools_bin_dir)/kubectl" --kubeconfig "$run_root/kubeconfig" "$@"; }
node_ctr() { ctr --address "$(node_containerd_socket)" --namespace k8s.io "$@"; }

# Installs the Debian packages the node needs, or stops naming what is missing.
node_require() {
  images_require containerd:containerd ctr:containerd runc:runc iptables:iptables \
    conntrack:conntrack ip:iproute2 openssl:openssl findmnt:util-linux setsid:util-linux \
    curl:curl ss:iproute2
  [[ -x "$node_cni_bin_dir/bridge" ]] || apt_install containernetworking-plugins
  local plugin
  for plugin in bridge host-local loopback portmap; do
    [[ -x "$node_cni_bin_dir/$plugin" ]] ||
      die "CNI plugin $plugin missing in $node_cni_bin_dir (Debian package containernetworking-plugins)"
  done
  for plugin in kubelet kube-proxy kubectl; do
    [[ -x "$(tools_bin_dir)/$plugin" ]] ||
      die "$plugin missing in $(tools_bin_dir): run e2e/cluster/build-tools.sh"
  done
  [[ -f "$run_root/pki/ca.crt" && -f "$run_root/pki/ca.key" && -f "$run_root/kubeconfig" ]] ||
    die "no control plane in $run_root (pki/ca.crt, pki/ca.key, kubeconfig): start it first"
  grep -qw overlay /proc/filesystems || die "the kernel has no overlay filesystem (containerd needs it)"
  [[ -d /proc/sys/net/bridge ]] || die "the kernel has no br_netfilter (modprobe br_netfilter)"
}

# What stops the node before anything starts: missing packages, another kube-proxy.
node_preflight() {
  node_require
  node_refuse_other_kube_proxy
}

# node_go_bin NAME MODULE: the command in node/NAME, whose go.mod pins MODULE, built once per
# pin into the cache; prints its path.
node_go_bin() {
  local name="$1" pinned="$2" dir="$node_here/node/$1" version bin stamp want
  version="$(awk -v m="$pinned" '{for (i = 1; i < NF; i++) if ($i == m) {print $(i + 1); exit}}' "$dir/go.mod")"
  bin="$cache_root/$name-$version/$name"
  stamp="$bin.built-from"
  want="$(images_inputs_hash "$dir/go.mod" "$dir/go.sum" "$dir/main.go")"
  if [[ ! -x "$bin" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    require_go
    log "building $name ($pinned $version) into $(dirname "$bin") (first time only)"
    (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$bin" .) >&2 ||
      die "could not build $name from $dir"
    echo "$want" >"$stamp"
  fi
  echo "$bin"
}

# --- processes ---------------------------------------------------------------------------
# Started and stopped with lib.sh's start_process and stop_process: pid files in
# $run_root/pids, logs in $run_root/logs.

node_wait() { # what seconds command...: polls until the command succeeds, then says how long
  local what="$1" seconds="$2"
  shift 2
  wait_until "$seconds" "$what" "$@" || return 1
  log "$what after $((SECONDS - node_started))s"
}

# --- host setup --------------------------------------------------------------------------

node_set_sysctls() {
  local pair key saved="$node_dir/sysctls.saved"
  if [[ ! -f "$saved" ]]; then
    for pair in "${node_sysctls[@]}"; do
      key="${pair%%=*}"
      echo "$key=$(sysctl -n "$key")"
    done >"$saved.tmp"
    mv "$saved.tmp" "$saved"
  fi
  for pair in "${node_sysctls[@]}"; do
    sysctl -q -w "$pair" >/dev/null || die "could not set sysctl $pair"
  done
}

node_restore_sysctls() {
  local saved="$node_dir/sysctls.saved" pair
  [[ -f "$saved" ]] || return 0
  while read -r pair; do sysctl -q -w "$pair" >/dev/null || true; done <"$saved"
  rm -f "$saved"
}

# The kubelet's cgroup root, in every mounted hierarchy (cgroup v1 controllers and v2).
node_make_cgroups() {
  local mount dir
  for mount in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do
    dir="$mount/$node_cgroup_root"
    mkdir -p "$dir" || die "could not make the cgroup $dir"
    # A v1 cpuset cgroup admits no process until it has CPUs and memory nodes.
    if [[ -f "$dir/cpuset.cpus" && -z "$(cat "$dir/cpuset.cpus")" ]]; then
      cat "$mount/cpuset.cpus" >"$dir/cpuset.cpus"
      cat "$mount/cpuset.mems" >"$dir/cpuset.mems"
    fi
  done
}

node_cgroup_dirs() { # every hierarchy's copy of the node's cgroup root that exists
  local mount
  for mount in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do
    [[ -d "$mount/$node_cgroup_root" ]] && echo "$mount/$node_cgroup_root"
  done
  return 0
}

# --- iptables ----------------------------------------------------------------------------
# kube-proxy writes to the backend the host already uses (nf_tables or legacy), the kubelet
# and the CNI plugins to the default one: all four commands are looked at.

node_iptables_commands() {
  local cmd
  for cmd in iptables ip6tables iptables-legacy ip6tables-legacy; do
    command -v "$cmd" >/dev/null && command -v "$cmd-restore" >/dev/null || continue
    # Listing legacy tables would load their kernel module: only look where some are in use.
    case "$cmd" in
      iptables-legacy) [[ -s /proc/net/ip_tables_names ]] || continue ;;
      ip6tables-legacy) [[ -s /proc/net/ip6_tables_names ]] || continue ;;
    esac
    echo "$cmd"
  done
  return 0
}

node_chains() { # cmd table: the user-defined chains, one a line
  "$1" -w -t "$2" -S 2>/dev/null | awk '$1 == "-N" {print $2}' || true
}

# Another kube-proxy on this host (iptables or nftables mode) would fight this node's. With a
# record of the chains present, this node has run since it was last torn down: the chains found
# are its own, node_down removes them.
node_refuse_other_kube_proxy() {
  local cmd
  [[ -f "$node_dir/iptables.before" ]] && return 0
  for cmd in $(node_iptables_commands); do
    if node_chains "$cmd" nat | grep -qx KUBE-SERVICES; then
      die "another kube-proxy runs on this host (chain KUBE-SERVICES in '$cmd -t nat'); the local node's would rewrite its rules: stop it, or point KUBECONFIG at that cluster"
    fi
  done
  if command -v nft >/dev/null && nft list table ip kube-proxy >/dev/null 2>&1; then
    die "another kube-proxy runs on this host (nftables table 'ip kube-proxy'); the local node's would remove it: stop it, or point KUBECONFIG at that cluster"
  fi
}

# Records the chains that exist before the node starts: node_down removes only the others.
node_record_chains() {
  local cmd table
  for cmd in $(node_iptables_commands); do
    for table in filter nat mangle; do
      node_chains "$cmd" "$table" | sed "s/^/$cmd $table /"
    done
  done >"$node_dir/iptables.before"
}

# Removes the chains the node's components added (named KUBE-* or CNI-*, absent from the
# record) and the rules elsewhere that jump to them, one iptables-restore transaction per
# table: the rules are handed back to iptables as it printed them, never to the shell.
node_remove_iptables() {
  local before="$node_dir/iptables.before" cmd table chain ours
  [[ -f "$before" ]] || return 0
  for cmd in $(node_iptables_commands); do
    for table in filter nat mangle; do
      ours="$(node_chains "$cmd" "$table" | grep -E "^($node_chain_prefixes)" |
        grep -vxF -f <(awk -v c="$cmd" -v t="$table" '$1 == c && $2 == t {print $3}' "$before") || true)"
      [[ -n "$ours" ]] || continue
      {
        echo "*$table"
        "$cmd" -w -t "$table" -S 2>/dev/null | awk -v ours="$ours" '
          BEGIN { n = split(ours, list, "\n"); for (i = 1; i <= n; i++) mine[list[i]] = 1 }
          $1 == "-A" && !($2 in mine) {
            for (i = 3; i < NF; i++) if (($i == "-j" || $i == "-g") && ($(i + 1) in mine)) {
              sub(/^-A /, "-D "); print; break
            }
          }'
        for chain in $ours; do echo ":$chain - [0:0]"; done
        for chain in $ours; do echo "-X $chain"; done
        echo "COMMIT"
      } | "$cmd-restore" -w --noflush ||
        log "warning: $cmd could not remove the chains the node added to table $table:" $ours
    done
  done
  rm -f "$before"
}

# The bridge exists before the kubelet starts so that the node's address is there for it.
node_make_bridge() {
  ip link show "$node_bridge" >/dev/null 2>&1 || ip link add "$node_bridge" type bridge
  [[ " $(ip -4 -o addr show dev "$node_bridge") " == *" $node_ip/"* ]] ||
    ip addr add "$node_ip/${node_pod_subnet#*/}" dev "$node_bridge"
  ip link set "$node_bridge" up
}

# Pods use the host's resolvers; loopback ones (systemd-resolved, dnsmasq) do not answer there.
node_resolv_conf() {
  local out="$node_dir/resolv.conf"
  grep -v -E '^nameserver[[:space:]]+(127\.|::1)' /etc/resolv.conf >"$out" || true
  grep -q '^nameserver' "$out" || echo "nameserver $node_ip" >>"$out"
  echo "$out"
}

# --- certificates and configuration ------------------------------------------------------

node_sign() { # name subject [san]: key + certificate signed by the cluster CA
  local name="$1" subject="$2" san="${3:-}" pki="$node_dir/pki"
  # Kept across restarts while the control plane keeps its CA; a new CA means new certificates.
  if [[ -f "$pki/$name.crt" ]] &&
    openssl verify -CAfile "$run_root/pki/ca.crt" "$pki/$name.crt" >/dev/null 2>&1; then
    return 0
  fi
  openssl genrsa -out "$pki/$name.key" 2048 2>/dev/null
  openssl req -new -key "$pki/$name.key" -subj "$subject" -out "$pki/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [[ -n "$san" ]]; then
      echo "extendedKeyUsage=serverAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$run_root/pki/ca.crt" -CAkey "$run_root/pki/ca.key" \
    -CAcreateserial -CAserial "$pki/ca.srl" -days 365 -sha256 -extfile "$pki/$name.ext" \
    -out "$pki/$name.crt" 2>/dev/null || die "could not sign the node certificate $name"
  rm -f "$pki/$name.csr" "$pki/$name.ext"
}

node_kubeconfig() { # name: kubeconfig that authenticates with pki/<name>.crt
  local name="$1" server
  server="$(awk '$1 == "server:" {print $2; exit}' "$run_root/kubeconfig")"
  cat >"$node_dir/$name.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: mailfleet
  cluster:
    server: $server
    certificate-authority: $run_root/pki/ca.crt
users:
- name: $name
  user:
    client-certificate: $node_dir/pki/$name.crt
    client-key: $node_dir/pki/$name.key
contexts:
- name: $name
  context: {cluster: mailfleet, user: $name}
current-context: $name
EOF
}

node_render() { # template out: replaces @NAME@ placeholders
  sed -e "s|@ROOT@|$node_dir/containerd/root|g" \
    -e "s|@STATE@|$node_dir/containerd/state|g" \
    -e "s|@SOCKET@|$(node_containerd_socket)|g" \
    -e "s|@CONTAINERD_SOCKET@|$(node_containerd_socket)|g" \
    -e "s|@SANDBOX_IMAGE@|$(images_pause_ref)|g" \
    -e "s|@CNI_BIN_DIR@|$node_cni_bin_dir|g" \
    -e "s|@CNI_CONF_DIR@|$node_dir/cni/net.d|g" \
    -e "s|@IPAM_DIR@|$node_dir/cni/ipam|g" \
    -e "s|@BRIDGE@|$node_bridge|g" \
    -e "s|@POD_CIDR@|$node_pod_cidr|g" \
    -e "s|@POD_SUBNET@|$node_pod_subnet|g" \
    -e "s|@NODE_IP@|$node_ip|g" \
    -e "s|@NODE_NAME@|$node_name|g" \
    -e "s|@PKI@|$node_dir/pki|g" \
    -e "s|@CLUSTER_CA@|$run_root/pki/ca.crt|g" \
    -e "s|@RESOLV_CONF@|$(node_resolv_conf)|g" \
    -e "s|@POD_LOGS@|$node_dir/pod-logs|g" \
    -e "s|@CGROUP_ROOT@|/$node_cgroup_root|g" \
    -e "s|@HEALTHZ_PORT@|10248|g" \
    -e "s|@KUBECONFIG@|$node_dir/kube-proxy.kubeconfig|g" \
    -e "s|@PROXY_HEALTHZ_PORT@|10256|g" \
    -e "s|@PROXY_METRICS_PORT@|10249|g" \
    -e "s|@DNS_HEALTH_PORT@|$node_dns_health_port|g" \
    -e "s|@DNS_READY_PORT@|$node_dns_ready_port|g" \
    -e "s|@DNS_KUBECONFIG@|$node_dir/coredns.kubeconfig|g" \
    "$node_here/node/$1" >"$2"
}

node_configure() {
  mkdir -p "$node_dir"/{pki,pod-logs,kubelet,cni/net.d,cni/ipam,containerd/root,containerd/state}
  node_sign kubelet "/O=system:nodes/CN=system:node:$node_name"
  node_sign kubelet-serving "/O=system:nodes/CN=system:node:$node_name" \
    "IP:$node_ip,IP:127.0.0.1,DNS:$node_name"
  node_sign kube-proxy "/CN=system:kube-proxy"
  node_sign coredns "/CN=mailfleet:coredns"
  node_sign provisioner "/CN=mailfleet:provisioner"
  node_kubeconfig kubelet
  node_kubeconfig kube-proxy
  node_kubeconfig coredns
  node_kubeconfig provisioner
  node_render containerd.toml "$node_dir/containerd/config.toml"
  node_render cni.conflist "$node_dir/cni/net.d/10-mailfleet.conflist"
  node_render kubelet.yaml "$node_dir/kubelet/config.yaml"
  node_render kube-proxy.yaml "$node_dir/kube-proxy.yaml"
  node_render Corefile "$node_dir/Corefile"
}

# --- up ----------------------------------------------------------------------------------

node_start_containerd() {
  is_running containerd && return 0
  rm -f "$(node_containerd_socket)"
  start_process containerd containerd --config "$node_dir/containerd/config.toml"
  node_wait "containerd answers" 30 ctr --address "$(node_containerd_socket)" version ||
    die "containerd did not start (log: $(log_file containerd))"
}

node_start_kubelet() {
  is_running kubelet && return 0
  start_process kubelet "$(tools_bin_dir)/kubelet" \
    --config="$node_dir/kubelet/config.yaml" \
    --kubeconfig="$node_dir/kubelet.kubeconfig" \
    --root-dir="$node_dir/kubelet" \
    --cert-dir="$node_dir/pki" \
    --hostname-override="$node_name" \
    --node-ip="$node_ip" \
    --v=1
}

node_start_kube_proxy() {
  is_running kube-proxy && return 0
  start_process kube-proxy "$(tools_bin_dir)/kube-proxy" \
    --config="$node_dir/kube-proxy.yaml" --v=1
}

node_start_coredns() { # bin
  is_running coredns && return 0
  node_kubectl apply --server-side --field-manager mailfleet-node \
    -f "$node_here/node/coredns-rbac.yaml" >/dev/null || die "could not grant CoreDNS its reads"
  start_process coredns "$1" -conf "$node_dir/Corefile"
}

node_start_provisioner() { # bin
  is_running provisioner && return 0
  node_kubectl apply --server-side --field-manager mailfleet-node \
    -f "$node_here/node/provisioner.yaml" >/dev/null ||
    die "could not make the StorageClass and grant the provisioner its rights"
  start_process provisioner "$1" -kubeconfig "$node_dir/provisioner.kubeconfig" \
    -directory "$node_dir/volumes"
}

node_dns_ready() { curl -fsS "http://127.0.0.1:$node_dns_ready_port/ready"; }

# The kubelet answers its health check and the Node it reports is Ready (the Node object alone
# stays Ready for a while after its kubelet died).
node_is_ready() {
  curl -fsS "http://127.0.0.1:10248/healthz" >/dev/null 2>&1 || return 1
  [[ "$(node_kubectl get node "$node_name" \
    -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}

node_up() {
  local coredns provisioner
  node_started=$SECONDS
  node_require
  if node_status >/dev/null 2>&1 && node_is_ready; then
    log "node $node_name already Ready"
    return 0
  fi
  # What a crash or a failed start left behind is torn down first.
  node_down
  node_refuse_other_kube_proxy
  mkdir -p "$node_dir"
  images_build
  coredns="$(node_go_bin coredns github.com/coredns/coredns)"
  provisioner="$(node_go_bin provisioner sigs.k8s.io/sig-storage-lib-external-provisioner/v13)"
  node_record_chains
  node_make_cgroups
  node_set_sysctls
  node_make_bridge
  node_configure
  node_start_containerd
  images_import "$(node_containerd_socket)"
  log "images imported after $((SECONDS - node_started))s"
  node_start_kubelet
  node_start_kube_proxy
  node_start_coredns "$coredns"
  node_start_provisioner "$provisioner"
  node_wait "CoreDNS ready" 60 node_dns_ready ||
    die "CoreDNS not ready after 60s (log: $(log_file coredns))"
  node_wait "node $node_name Ready" "$node_ready_timeout" node_is_ready ||
    die "node $node_name not Ready after ${node_ready_timeout}s (logs: $run_root/logs)"
}

# --- down --------------------------------------------------------------------------------

# Kills and removes every container of the node (sandboxes included) through containerd.
node_remove_containers() {
  is_running containerd || return 0
  local id
  for id in $(node_ctr tasks ls -q 2>/dev/null); do
    node_ctr tasks kill --signal SIGKILL "$id" >/dev/null 2>&1 || true
  done
  for id in $(node_ctr tasks ls -q 2>/dev/null); do
    node_ctr tasks delete --force "$id" >/dev/null 2>&1 || true
  done
  for id in $(node_ctr containers ls -q 2>/dev/null); do
    node_ctr containers delete "$id" >/dev/null 2>&1 || true
  done
}

# Shims of this node's containerd outlive it. Each task's bundle in containerd's state dir
# records the address of its shim's socket; the shim is the process listening there.
node_stop_shims() {
  local bundle address pid
  for bundle in "$node_dir"/containerd/state/io.containerd.runtime.v2.task/*/*/; do
    address="$(cat "$bundle/address" 2>/dev/null)" || continue
    address="${address#unix://}"
    [[ "$address" == /run/containerd/s/* ]] || continue
    for pid in $(ss -Hxlp "src = $address" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
      stop_pid "$pid"
    done
    rm -f "$address"
  done
}

node_mounts() { findmnt -rn -o TARGET | awk -v dir="$node_dir/" 'index($0, dir) == 1' || true; }

node_unmount_all() {
  local target
  # Deepest first; network namespaces (nsfs) are plain files mounted under the state dir.
  node_mounts | sort -r | while read -r target; do
    target="$(printf '%b' "$target")"
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
  done
}

node_remove_links() {
  local link
  for link in $(ip -o link show master "$node_bridge" 2>/dev/null | awk -F': ' '{print $2}'); do
    ip link delete "${link%@*}" 2>/dev/null || true
  done
  ip link delete "$node_bridge" 2>/dev/null || true
}

# Container processes outlive a containerd or shim that was killed; every one of them is in
# a cgroup under the node's cgroup root.
node_kill_pod_processes() {
  local i pids pid dirs
  dirs="$(node_cgroup_dirs)"
  [[ -n "$dirs" ]] || return 0
  for ((i = 0; i < 50; i++)); do
    # shellcheck disable=SC2086 # cgroup paths have no spaces
    pids="$(find $dirs -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u || true)"
    [[ -n "$pids" ]] || return 0
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.2
  done
  log "warning: pod processes left behind: $pids"
}

# Removes the node's cgroup root, with the kubelet's kubepods tree under it, from every
# hierarchy. A cgroup whose last process just exited stays busy for a moment: retry for 10 s.
node_remove_cgroups() {
  local dir i left
  for ((i = 0; i < 50; i++)); do
    left=0
    for dir in $(node_cgroup_dirs); do
      find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || left=1
    done
    ((left)) || return 0
    sleep 0.2
  done
  log "warning: cgroups left behind: $(node_cgroup_dirs | tr '\n' ' ')"
}

# containerd 1.6 keeps shim sockets in /run/containerd/s whatever its state dir
# (node_stop_shims removes this node's): remove the directories it made there when they are
# empty, that is when no other containerd uses them.
node_remove_host_run_dirs() {
  rmdir /run/containerd/s /run/containerd/fifo /run/containerd/runc/k8s.io /run/containerd/runc \
    /run/containerd 2>/dev/null || true
}

# Without its kubelet the Node object would stay Ready for a while; the next start must not
# mistake that for the new kubelet's report. Its pods are then garbage-collected.
node_forget() {
  node_kubectl delete node "$node_name" --ignore-not-found --wait=false --request-timeout=5s \
    >/dev/null 2>&1 || true
}

node_down() {
  [[ -d "$node_dir" ]] || return 0
  local was_running=0 name
  for name in "${node_processes[@]}"; do
    is_running "$name" && was_running=1
  done
  stop_process provisioner
  stop_process coredns
  stop_process kube-proxy
  stop_process kubelet
  node_forget
  node_remove_containers
  stop_process containerd
  node_stop_shims
  node_kill_pod_processes
  node_unmount_all
  node_remove_links
  node_remove_iptables
  node_remove_cgroups
  node_restore_sysctls
  node_remove_host_run_dirs
  # Images and snapshots stay in containerd's root for the next start; the rest goes, with
  # the provisioner's volumes (their PersistentVolumes go with etcd's data).
  rm -rf "$node_dir/containerd/state" "$node_dir/kubelet" "$node_dir/pod-logs" \
    "$node_dir/cni/ipam" "$node_dir/volumes"
  [[ -z "$(node_mounts)" ]] || die "mounts remain under $node_dir: $(node_mounts | head -3 | tr '\n' ' ')"
  ((was_running == 0)) || log "node $node_name stopped"
}

node_status() {
  local name failed=0
  for name in "${node_processes[@]}"; do
    if is_running "$name"; then
      echo "$name: running (pid $(cat "$(pid_file "$name")"))"
    else
      echo "$name: stopped"
      failed=1
    fi
  done
  return "$failed"
}
