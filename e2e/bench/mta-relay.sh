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
# the sink has counted every message. Prints messages/s for each and the ratio, the CPU-seconds
# each spent per 1,000 messages (ours: the JVM's process; Postfix: its master and every process
# it ran, and OpenDKIM when signing) and the load average when the pair of runs started.
#
# Variants (VARIANTS): `unsigned`, and `dkim`, where every message is signed with one RSA-2048
# key for example.com (the sender's domain), made here with openssl: our MTA signs at delivery
# (`delivery.dkim`), Postfix through Debian's OpenDKIM as a milter (relaxed/relaxed, the same
# key, the same fields oversigned as ours), started on 127.0.0.1:MILTER_PORT for the Postfix run.
# Load shapes (SHAPES): `reused`, each of the SESSIONS connections sends message after message
# (smtp-source -d), and `per-message`, a new connection for every message.
#
# Outbound concurrency: CONCURRENCY is both Postfix's destination concurrency limit and our
# delivery worker count. In this version our MTA uses at most one connection per destination
# site, so towards one domain it opens one connection whatever CONCURRENCY says; Postfix ramps
# up from initial_destination_concurrency (5) to CONCURRENCY.
#
# Each server first relays WARMUP_MESSAGES unmeasured messages of the same size and shape (the
# JVM compiles its hot paths; Postfix spawns its processes), then the measured run.
# Knobs (environment): VARIANTS ("unsigned dkim"), SHAPES ("reused per-message"), SIZES
# ("1KiB 100KiB"), CONCURRENCY (20), SESSIONS (50), SMALL_MESSAGES (10000, 1 KiB each),
# LARGE_MESSAGES (2000, 100 KiB each), WARMUP_MESSAGES (2000), STALL_SECONDS (60: fail when the
# sink counts nothing new for that long), MTA_PORT (12536), POSTFIX_PORT (12535),
# SINK_PORT (12537), MILTER_PORT (12538), MTA_ADMIN_PORT (18135), MTA_INJECT_PORT (18136).
# Needs: Debian `postfix` (smtp-sink, smtp-source and the daemons; the system instance is never
# touched), Debian `opendkim` (its daemon only; the system service is never touched), openssl,
# curl, a JDK 17+. Everything runs under one temp dir and is stopped and removed on exit.
set -euo pipefail

VARIANTS="${VARIANTS:-unsigned dkim}"
SHAPES="${SHAPES:-reused per-message}"
SIZES="${SIZES:-1KiB 100KiB}"
CONCURRENCY="${CONCURRENCY:-20}"
SESSIONS="${SESSIONS:-50}"
SMALL_MESSAGES="${SMALL_MESSAGES:-10000}"
LARGE_MESSAGES="${LARGE_MESSAGES:-2000}"
WARMUP_MESSAGES="${WARMUP_MESSAGES:-2000}"
STALL_SECONDS="${STALL_SECONDS:-60}"
MTA_PORT="${MTA_PORT:-12536}"
POSTFIX_PORT="${POSTFIX_PORT:-12535}"
SINK_PORT="${SINK_PORT:-12537}"
MILTER_PORT="${MILTER_PORT:-12538}"
MTA_ADMIN_PORT="${MTA_ADMIN_PORT:-18135}"
MTA_INJECT_PORT="${MTA_INJECT_PORT:-18136}"
RECIPIENT="sink@example.test"

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

require_tools smtp-sink smtp-source postfix postconf curl java bc openssl opendkim
require_free_ports "$MTA_PORT" "$POSTFIX_PORT" "$SINK_PORT" "$MILTER_PORT" "$MTA_ADMIN_PORT" \
  "$MTA_INJECT_PORT"
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

# --- DKIM: one RSA-2048 key for both ----------------------------------------------------------

mkdir -p "$work/dkim"
openssl genrsa -out "$work/dkim/bench.pem" 2048 2>/dev/null || die "openssl could not make a key"
chown -R opendkim "$work/dkim"
chmod 600 "$work/dkim/bench.pem"

MTA_DKIM="  dkim:
    - {domain: example.com, selector: bench, keyFile: $work/dkim/bench.pem}"

# The same fields oversigned as our MTA's (DkimSigner.ONCE_ONLY_FIELDS).
cat >"$work/dkim/opendkim.conf" <<EOF
Syslog no
Mode s
Domain example.com
Selector bench
KeyFile $work/dkim/bench.pem
Canonicalization relaxed/relaxed
SignatureAlgorithm rsa-sha256
OversignHeaders From,To,Cc,Subject,Date,Message-ID,Reply-To
InternalHosts 127.0.0.1
RequireSafeKeys false
UserID opendkim
Socket inet:$MILTER_PORT@127.0.0.1
EOF

POSTFIX_MILTER="smtpd_milters = inet:127.0.0.1:$MILTER_PORT
milter_default_action = tempfail"

# start_opendkim: OpenDKIM in the foreground; its CPU is counted with Postfix's.
start_opendkim() {
  opendkim -f -x "$work/dkim/opendkim.conf" >"$work/dkim/opendkim.log" 2>&1 &
  opendkim_pid=$!
  postfix_extra_pids=("$opendkim_pid")
  wait_for_smtp "$MILTER_PORT" || die "opendkim does not listen on 127.0.0.1:$MILTER_PORT"
}

stop_opendkim() {
  kill -TERM "$opendkim_pid"
  wait "$opendkim_pid" 2>/dev/null || true
  postfix_extra_pids=()
}

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

# relay PORT COUNT BYTES SHAPE QUEUED_FN TICKS_FN: warms the server up, then sets `rate` to
# messages per second from the start of the load until the sink has them all, and `cpu` to the
# server's CPU-seconds per 1,000 messages over that time.
relay() {
  local port="$1" count="$2" bytes="$3" shape="$4" queued_fn="$5" ticks_fn="$6"
  local start base elapsed ticks
  base=$(sink_count)
  send "$port" "$WARMUP_MESSAGES" "$bytes" "$RECIPIENT" "$shape"
  wait_for_sink $((base + WARMUP_MESSAGES))
  wait_for_empty "$queued_fn"
  base=$(sink_count)
  ticks=$($ticks_fn)
  start=$(date +%s.%N)
  send "$port" "$count" "$bytes" "$RECIPIENT" "$shape"
  wait_for_sink $((base + count))
  elapsed=$(seconds_since "$start")
  wait_for_empty "$queued_fn"
  ticks=$(($($ticks_fn) - ticks))
  if (($(sink_count) - base != count)); then
    echo "warning: the sink received $(($(sink_count) - base)) messages for $count sent" >&2
  fi
  rate=$(echo "scale=1; $count / $elapsed" | bc)
  cpu=$(cpu_per_thousand "$ticks" "$count")
}

# run_one VARIANT SHAPE SIZE: our MTA, then Postfix, under the same load; one result line.
run_one() {
  local variant="$1" shape="$2" size="$3" count bytes load ours our_cpu
  local delivery="$MTA_DELIVERY" main_cf="$POSTFIX_RELAY"
  case "$size" in
    1KiB) count="$SMALL_MESSAGES" bytes=1024 ;;
    100KiB) count="$LARGE_MESSAGES" bytes=102400 ;;
    *) die "unknown size $size (1KiB or 100KiB)" ;;
  esac
  if [[ "$variant" == dkim ]]; then
    delivery="$MTA_DELIVERY
$MTA_DKIM"
    main_cf="$POSTFIX_RELAY
$POSTFIX_MILTER"
  fi
  load=$(load_average)
  start_mta "$size-$variant-$shape" "$delivery"
  relay "$MTA_PORT" "$count" "$bytes" "$shape" mta_queued mta_ticks
  ours="$rate" our_cpu="$cpu"
  stop_mta
  if [[ "$variant" == dkim ]]; then start_opendkim; fi
  start_postfix "$size-$variant-$shape" "$main_cf" "$POSTFIX_CLIENTS"
  relay "$POSTFIX_PORT" "$count" "$bytes" "$shape" postfix_queued postfix_ticks
  stop_postfix
  if [[ "$variant" == dkim ]]; then stop_opendkim; fi
  report "$size $variant $shape" "$count" "$ours" "$rate" "$our_cpu" "$cpu" "$load"
}

echo "durable relay to smtp-sink over SMTP: $SESSIONS sessions in, one destination domain," \
  "outbound concurrency $CONCURRENCY, loopback, $(nproc) cores, $WARMUP_MESSAGES warm-up" \
  "messages first; load average now: $(load_average)"
for variant in $VARIANTS; do
  for shape in $SHAPES; do
    for size in $SIZES; do
      run_one "$variant" "$shape" "$size"
    done
  done
done
