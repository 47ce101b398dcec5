#!/usr/bin/env bash
# mta-accept: durable accept rate of the mailfleet MTA against Postfix on this machine.
#
# Both queue durably: our MTA with `durability: FSYNC` (250 only after fsync, group commit),
# Postfix with its default (cleanup fsyncs every queue file before 250) and every message put on
# hold, so neither spends CPU delivering. Both are loaded by Postfix's smtp-source with the same
# parameters over 127.0.0.1. Prints messages/s for each and the ratio. A benchmark, not a test.
#
# Load shapes (SHAPES): `reused`, each of the SESSIONS connections sends message after message
# (smtp-source -d), and `per-message`, a new connection for every message. Each line also gives
# the CPU-seconds each server spent per 1,000 messages (ours: the JVM's process; Postfix: its
# master and every process it ran) and the load average when the pair of runs started.
#
# Each server first takes WARMUP_MESSAGES unmeasured messages of the same size and shape (the JVM
# compiles its hot paths; Postfix spawns its smtpd and cleanup processes), then the measured run.
# Knobs (environment): SHAPES ("reused per-message"), SESSIONS (50), SMALL_MESSAGES (20000, 1 KiB each),
# LARGE_MESSAGES (5000, 100 KiB each), WARMUP_MESSAGES (5000), MTA_PORT (12526),
# POSTFIX_PORT (12525), MTA_ADMIN_PORT (18125), MTA_INJECT_PORT (18126).
# Needs: Debian `postfix` (smtp-source and the daemons; the system instance is never touched),
# curl, a JDK 17+. Everything runs under one temp dir and is stopped and removed on exit.
set -euo pipefail

SHAPES="${SHAPES:-reused per-message}"
SESSIONS="${SESSIONS:-50}"
SMALL_MESSAGES="${SMALL_MESSAGES:-20000}"
LARGE_MESSAGES="${LARGE_MESSAGES:-5000}"
WARMUP_MESSAGES="${WARMUP_MESSAGES:-5000}"
MTA_PORT="${MTA_PORT:-12526}"
POSTFIX_PORT="${POSTFIX_PORT:-12525}"
MTA_ADMIN_PORT="${MTA_ADMIN_PORT:-18125}"
MTA_INJECT_PORT="${MTA_INJECT_PORT:-18126}"

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

require_tools smtp-source postfix postconf curl java bc
require_free_ports "$MTA_PORT" "$POSTFIX_PORT" "$MTA_ADMIN_PORT" "$MTA_INJECT_PORT"
bench_init
build_mta

# Postfix holds its queue; so do we: this measures accepting, not delivering.
POSTFIX_HOLD="smtpd_end_of_data_restrictions = check_client_access static:HOLD"
MTA_PAUSED="delivery:
  paused: true"

# load PORT COUNT BYTES SHAPE QUEUED_FN TICKS_FN: warms the server up, then sets `rate` to
# messages per second for the measured run and `cpu` to the server's CPU-seconds per 1,000
# messages; QUEUED_FN counts what the server holds, to check every message of the run was queued.
load() {
  local port="$1" count="$2" bytes="$3" shape="$4" queued_fn="$5" ticks_fn="$6"
  local start elapsed before after ticks
  send "$port" "$WARMUP_MESSAGES" "$bytes" sink@example.net "$shape"
  before=$($queued_fn)
  ticks=$($ticks_fn)
  start=$(date +%s.%N)
  send "$port" "$count" "$bytes" sink@example.net "$shape"
  elapsed=$(seconds_since "$start")
  ticks=$(($($ticks_fn) - ticks))
  after=$($queued_fn)
  if ((after - before != count)); then
    echo "warning: $((after - before)) of $count messages queued on port $port" >&2
  fi
  rate=$(echo "scale=1; ($after - $before) / $elapsed" | bc)
  cpu=$(cpu_per_thousand "$ticks" "$count")
}

run_size() {
  local label="$1" count="$2" bytes="$3" shape="$4" load ours our_cpu
  load=$(load_average)
  MTA_LOG_LEVEL=WARN start_mta "$label-$shape" "$MTA_PAUSED"
  load "$MTA_PORT" "$count" "$bytes" "$shape" mta_queued mta_ticks
  ours="$rate" our_cpu="$cpu"
  stop_mta
  start_postfix "$label-$shape" "$POSTFIX_HOLD" ""
  load "$POSTFIX_PORT" "$count" "$bytes" "$shape" postfix_queued postfix_ticks
  stop_postfix
  report "$label $shape" "$count" "$ours" "$rate" "$our_cpu" "$cpu" "$load"
}

echo "durable accept over SMTP: $SESSIONS sessions, loopback, $(nproc) cores," \
  "$WARMUP_MESSAGES warm-up messages first; load average now: $(load_average)"
for shape in $SHAPES; do
  run_size "1KiB" "$SMALL_MESSAGES" 1024 "$shape"
  run_size "100KiB" "$LARGE_MESSAGES" 102400 "$shape"
done
