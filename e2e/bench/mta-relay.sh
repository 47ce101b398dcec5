#!/usr/bin/env bash
# mta-relay: end-to-end relay rate of the mailfleet MTA against Postfix on this machine: accept
# over SMTP, queue durably, deliver to the next hop; messages fully relayed per second.
#
# One Postfix smtp-sink on 127.0.0.1:SINK_PORT is the receiving MX for example.test: it throws
# mail away and counts it (`smtp-sink -c`). Our MTA sends example.test there by a static route,
# with an FSYNC spool; Postfix through `relayhost`, with its default durability (cleanup fsyncs
# every queue file before 250) and its default connection caching. Both are loaded by
# smtp-source with the same parameters over 127.0.0.1, every message to one recipient at
# example.test: one destination, the usual relay case. Both log every message (our MTA at its
# default level, INFO; Postfix to its maillog). The clock runs from the start of the load until
# the sink has counted every message. Prints messages/s for each and the ratio.
#
# Outbound concurrency: CONCURRENCY is both Postfix's destination concurrency limit and our
# delivery worker count. In this version our MTA uses at most one connection per destination
# site, so towards one domain it opens one connection whatever CONCURRENCY says; Postfix ramps
# up from initial_destination_concurrency (5) to CONCURRENCY.
#
# Each server first relays WARMUP_MESSAGES unmeasured messages of the same size (the JVM compiles
# its hot paths; Postfix spawns its processes), then the measured run.
# Knobs (environment): CONCURRENCY (20), SESSIONS (50), SMALL_MESSAGES (10000, 1 KiB each),
# LARGE_MESSAGES (2000, 100 KiB each), WARMUP_MESSAGES (2000), STALL_SECONDS (60: fail when the
# sink counts nothing new for that long), MTA_PORT (12536), POSTFIX_PORT (12535),
# SINK_PORT (12537), MTA_ADMIN_PORT (18135), MTA_INJECT_PORT (18136).
# Needs: Debian `postfix` (smtp-sink, smtp-source and the daemons; the system instance is never
# touched), curl, a JDK 17+. Everything runs under one temp dir and is stopped and removed on exit.
set -euo pipefail

CONCURRENCY="${CONCURRENCY:-20}"
SESSIONS="${SESSIONS:-50}"
SMALL_MESSAGES="${SMALL_MESSAGES:-10000}"
LARGE_MESSAGES="${LARGE_MESSAGES:-2000}"
WARMUP_MESSAGES="${WARMUP_MESSAGES:-2000}"
STALL_SECONDS="${STALL_SECONDS:-60}"
MTA_PORT="${MTA_PORT:-12536}"
POSTFIX_PORT="${POSTFIX_PORT:-12535}"
SINK_PORT="${SINK_PORT:-12537}"
MTA_ADMIN_PORT="${MTA_ADMIN_PORT:-18135}"
MTA_INJECT_PORT="${MTA_INJECT_PORT:-18136}"
RECIPIENT="sink@example.test"

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

require_tools smtp-sink smtp-source postfix postconf curl java bc
require_free_ports "$MTA_PORT" "$POSTFIX_PORT" "$SINK_PORT" "$MTA_ADMIN_PORT" "$MTA_INJECT_PORT"
bench_init
build_mta

# Our delivery: example.test goes to the sink, CONCURRENCY connections to it at most (the
# global cap and the site's own limit, which would otherwise be 20).
MTA_DELIVERY="delivery:
  maxConcurrentDeliveries: $CONCURRENCY
  shaping: {defaults: {maxConnections: $CONCURRENCY}}
  routes:
    example.test: \"127.0.0.1:$SINK_PORT\""

# Postfix's delivery: everything to the sink, CONCURRENCY connections to it at most.
POSTFIX_RELAY="relayhost = [127.0.0.1]:$SINK_PORT
default_destination_concurrency_limit = $CONCURRENCY
smtp_destination_concurrency_limit = $CONCURRENCY
smtp_tls_security_level = none"
POSTFIX_CLIENTS="smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp"

# --- the sink: one for the whole run, counting what it receives -------------------------------

smtp-sink -c -u postfix -h sink.example.test "127.0.0.1:$SINK_PORT" 1024 >"$work/sink.out" 2>&1 &
bench_pids+=($!)
wait_for_smtp "$SINK_PORT" || die "smtp-sink does not answer on 127.0.0.1:$SINK_PORT"

# Messages the sink has received so far; -c rewrites "sess=.. quit=.. mesg=N" after each one.
sink_count() {
  local n
  n=$(tail -c 200 "$work/sink.out" | tr '\r' '\n' | grep -o 'mesg=[0-9]*' | tail -1 || true)
  n="${n#mesg=}"
  echo "${n:-0}"
}

# wait_for_sink TOTAL: until the sink has counted TOTAL messages; fails when it stalls.
wait_for_sink() {
  local total="$1" seen last=-1 still=0
  while seen=$(sink_count) && ((seen < total)); do
    if ((seen == last)); then
      still=$((still + 1))
      ((still < STALL_SECONDS * 10)) ||
        die "the sink has counted $seen of $total messages and nothing new for ${STALL_SECONDS}s"
    else
      still=0
      last=$seen
    fi
    sleep 0.1
  done
}

# wait_for_empty QUEUED_FN: until the sender holds nothing (deliveries completed, files removed).
wait_for_empty() {
  for _ in $(seq 1 100); do
    (($($1) == 0)) && return 0
    sleep 0.1
  done
  echo "warning: $($1) messages still queued after their delivery" >&2
}

# --- one measurement --------------------------------------------------------------------------

# relay PORT COUNT BYTES QUEUED_FN: warms the server up, then sets `rate` to messages per second
# from the start of the load until the sink has them all.
relay() {
  local port="$1" count="$2" bytes="$3" queued_fn="$4" start base elapsed
  base=$(sink_count)
  send "$port" "$WARMUP_MESSAGES" "$bytes" "$RECIPIENT"
  wait_for_sink $((base + WARMUP_MESSAGES))
  wait_for_empty "$queued_fn"
  base=$(sink_count)
  start=$(date +%s.%N)
  send "$port" "$count" "$bytes" "$RECIPIENT"
  wait_for_sink $((base + count))
  elapsed=$(seconds_since "$start")
  wait_for_empty "$queued_fn"
  if (($(sink_count) - base != count)); then
    echo "warning: the sink received $(($(sink_count) - base)) messages for $count sent" >&2
  fi
  rate=$(echo "scale=1; $count / $elapsed" | bc)
}

run_size() {
  local label="$1" count="$2" bytes="$3" ours theirs
  start_mta "$label" "$MTA_DELIVERY"
  relay "$MTA_PORT" "$count" "$bytes" mta_queued
  ours="$rate"
  stop_mta
  start_postfix "$label" "$POSTFIX_RELAY" "$POSTFIX_CLIENTS"
  relay "$POSTFIX_PORT" "$count" "$bytes" postfix_queued
  theirs="$rate"
  stop_postfix
  report "$label" "$count" "$ours" "$theirs"
}

echo "durable relay to smtp-sink over SMTP: $SESSIONS sessions in (smtp-source -d), one" \
  "destination domain, outbound concurrency $CONCURRENCY, loopback, $(nproc) cores," \
  "$WARMUP_MESSAGES warm-up messages first; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
run_size "1KiB" "$SMALL_MESSAGES" 1024
run_size "100KiB" "$LARGE_MESSAGES" 102400
