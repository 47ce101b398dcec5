# Shared by the cluster harness scripts: paths, versions, logging.
# shellcheck shell=bash

log() { echo "[mailfleet] $*" >&2; }
die() { echo "[mailfleet] error: $*" >&2; exit 1; }

harness_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${MAILFLEET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mailfleet}"
run_root="${MAILFLEET_RUN_DIR:-$cache_root/run}"

k8s_version() { awk '$1 == "k8s.io/kubernetes" {print $2; exit}' "$harness_dir/tools/go.mod"; }
tools_bin_dir() { echo "$cache_root/k8s-$(k8s_version)/bin"; }
