#!/usr/bin/env bash
# make bench: runs every benchmark script here in turn. Each prints our figure, the peer's
# figure from the same run, and the ratio. Benchmarks are never part of make test.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shopt -s nullglob
benches=()
for script in "$here"/*.sh; do
  case "$(basename "$script")" in
    run.sh | lib.sh) ;; # this runner and the helpers the benchmarks source
    *) benches+=("$script") ;;
  esac
done
if ((${#benches[@]} == 0)); then
  echo "no benchmarks yet"
  exit 0
fi
for script in "${benches[@]}"; do
  echo "== $(basename "$script" .sh)"
  "$script"
done
