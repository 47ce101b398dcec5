# Shared by the cluster harness scripts: paths, versions, logging, the processes it starts.
# shellcheck shell=bash

log() { echo "[mailfleet] $*" >&2; }
die() { echo "[mailfleet] error: $*" >&2; exit 1; }

harness_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${MAILFLEET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mailfleet}"
run_root="${MAILFLEET_RUN_DIR:-$cache_root/run}"

# The Go release every module the harness builds needs (their go.mod files say the same).
go_version="1.26"

# require_go: stops with one line when Go is missing or older than go_version.
require_go() {
  local have
  command -v go >/dev/null ||
    die "Go is missing: install Go $go_version+ (https://go.dev/doc/install)"
  have="$(go env GOVERSION)"; have="${have#go}"
  [[ "$(printf '%s\n%s\n' "$go_version" "$have" | sort -V | head -1)" == "$go_version" ]] ||
    die "Go $have is too old: install Go $go_version+ (https://go.dev/doc/install)"
}

k8s_version() { awk '$1 == "k8s.io/kubernetes" {print $2; exit}' "$harness_dir/tools/go.mod"; }
tools_bin_dir() { echo "$cache_root/k8s-$(k8s_version)/bin"; }

# env_file PART: the shell file `cluster.sh up` or `aws.sh up` writes for `source`: the export
# lines a shell (or another script) needs to use that part.
env_file() { echo "$run_root/$1.env"; }

# first_service_ip CIDR: the address the kubernetes Service gets, the first one of the range.
first_service_ip() {
  local cidr="$1" a b c d bits number
  [[ "$cidr" =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}$ ]] && IFS=./ read -r a b c d bits <<<"$cidr" &&
    ((bits <= 30)) || die "the service range must be IPv4 like 10.96.0.0/16, not '$cidr'"
  number=$(((a << 24 | b << 16 | c << 8 | d) & (0xffffffff << (32 - bits)) & 0xffffffff))
  number=$((number + 1))
  echo "$((number >> 24 & 255)).$((number >> 16 & 255)).$((number >> 8 & 255)).$((number & 255))"
}

# Processes the harness starts: pid files and logs live under the run directory.
pid_file() { echo "$run_root/pids/$1.pid"; }
log_file() { echo "$run_root/logs/$1.log"; }

# pid_alive PID: the process exists and is not a zombie (killed but not yet reaped counts as gone).
pid_alive() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" && [[ -n "$state" && "$state" != Z ]]
}

is_running() {
  local pid
  pid="$(cat "$(pid_file "$1")" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] && pid_alive "$pid"
}

# start_process NAME COMMAND...: runs COMMAND detached in its own session (so its process group
# is its pid), logging to the run dir.
start_process() {
  local name="$1"; shift
  mkdir -p "$run_root/pids" "$run_root/logs"
  setsid "$@" >>"$(log_file "$name")" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}

# stop_pid PID [group]: TERM to the process (and its process group with "group"), KILL after
# 10 s; returns once it is gone.
stop_pid() {
  local pid="$1" target="$1" i
  [[ "${2:-}" == group ]] && target="-$pid"
  pid_alive "$pid" || return 0
  kill -TERM -- "$target" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  kill -KILL -- "$target" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  log "warning: process $pid did not exit after SIGKILL"
}

# stop_process NAME: stops what start_process NAME started (its whole process group) and
# forgets the pid file.
stop_process() {
  local pid
  pid="$(cat "$(pid_file "$1")" 2>/dev/null)" || return 0
  [[ -n "$pid" ]] && stop_pid "$pid" group
  rm -f "$(pid_file "$1")"
}

# require_free_port PORT WHAT: stops with one line when something else listens there.
require_free_port() {
  if ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; then
    die "port $1 (for $2) is already in use by another program; free it or set the matching MAILFLEET_*_PORT variable"
  fi
}

# wait_until SECONDS WHAT COMMAND...: polls COMMAND until it succeeds; after SECONDS says it
# gave up waiting for WHAT and returns 1.
wait_until() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "gave up waiting for $what after ${seconds}s"
      return 1
    fi
    sleep 0.5
  done
}
