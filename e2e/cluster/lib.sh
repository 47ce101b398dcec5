# Shared by the cluster harness scripts: paths, versions, logging.
# shellcheck shell=bash

log() { echo "[mailfleet] $*" >&2; }
die() { echo "[mailfleet] error: $*" >&2; exit 1; }

harness_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${MAILFLEET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mailfleet}"
run_root="${MAILFLEET_RUN_DIR:-$cache_root/run}"

kwok_version="v0.7.0"
helm_version="v3.22.0"

k8s_version() { awk '$1 == "k8s.io/kubernetes" {print $2; exit}' "$harness_dir/tools/go.mod"; }
tools_bin_dir() { echo "$cache_root/k8s-$(k8s_version)/bin"; }

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

# start_process NAME COMMAND...: runs COMMAND detached in its own session, logging to the run dir.
start_process() {
  local name="$1"; shift
  mkdir -p "$run_root/pids" "$run_root/logs"
  setsid "$@" >>"$(log_file "$name")" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}

# stop_process NAME: TERM, then KILL after a grace period; forgets the pid file.
stop_process() {
  local name="$1" pid
  pid="$(cat "$(pid_file "$name")" 2>/dev/null)" || return 0
  if [[ -n "$pid" ]] && pid_alive "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$name")"
}

# require_free_port PORT WHAT: stops with one line when something else listens there.
require_free_port() {
  if ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; then
    die "port $1 (for $2) is already in use by another program; free it or set the matching MAILFLEET_*_PORT variable"
  fi
}

# wait_until SECONDS WHAT COMMAND...: polls COMMAND until it succeeds, or stops naming WHAT.
wait_until() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}
