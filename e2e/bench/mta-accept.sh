#!/usr/bin/env bash
# mta-accept: durable accept rate of the mailfleet MTA against Postfix on this machine.
#
# Both queue durably: our MTA with `durability: FSYNC` (250 only after fsync, group commit),
# Postfix with its default (cleanup fsyncs every queue file before 250) and every message put on
# hold, so neither spends CPU delivering. Both are loaded by Postfix's smtp-source with the same
# parameters over 127.0.0.1. Prints messages/s for each and the ratio. A benchmark, not a test.
#
# Each server first takes WARMUP_MESSAGES unmeasured messages of the same size (the JVM compiles
# its hot paths; Postfix spawns its smtpd and cleanup processes), then the measured run.
# Knobs (environment): SESSIONS (50), SMALL_MESSAGES (20000, 1 KiB each),
# LARGE_MESSAGES (5000, 100 KiB each), WARMUP_MESSAGES (5000), MTA_PORT (12526),
# POSTFIX_PORT (12525), MTA_ADMIN_PORT (18125), MTA_INJECT_PORT (18126).
# Needs: Debian `postfix` (smtp-source and the daemons; the system instance is never touched),
# curl, a JDK 17+. Everything runs under one temp dir and is stopped and removed on exit.
set -euo pipefail

SESSIONS="${SESSIONS:-50}"
SMALL_MESSAGES="${SMALL_MESSAGES:-20000}"
LARGE_MESSAGES="${LARGE_MESSAGES:-5000}"
WARMUP_MESSAGES="${WARMUP_MESSAGES:-5000}"
MTA_PORT="${MTA_PORT:-12526}"
POSTFIX_PORT="${POSTFIX_PORT:-12525}"
MTA_ADMIN_PORT="${MTA_ADMIN_PORT:-18125}"
MTA_INJECT_PORT="${MTA_INJECT_PORT:-18126}"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

die() {
  echo "mta-accept: $*" >&2
  exit 1
}

for tool in smtp-source postfix postconf curl java bc; do
  command -v "$tool" >/dev/null ||
    die "$tool not found; install it: DEBIAN_FRONTEND=noninteractive apt-get install -y postfix curl bc openjdk-17-jdk-headless"
done
id postfix >/dev/null 2>&1 || die "no postfix user; install the Debian postfix package"
[[ $EUID -eq 0 ]] || die "run as root: a private Postfix instance needs root to start"
for port in "$MTA_PORT" "$POSTFIX_PORT" "$MTA_ADMIN_PORT" "$MTA_INJECT_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "127.0.0.1:$port is in use; pick free ports with MTA_PORT, POSTFIX_PORT, MTA_ADMIN_PORT, MTA_INJECT_PORT"
  fi
done

work="$(mktemp -d /tmp/mta-accept.XXXXXX)"
chmod 755 "$work"
mta_pid=""
postfix_dir=""

cleanup() {
  if [[ -n "$mta_pid" ]] && kill -0 "$mta_pid" 2>/dev/null; then
    kill -TERM "$mta_pid" 2>/dev/null || true
    wait "$mta_pid" 2>/dev/null || true
  fi
  if [[ -n "$postfix_dir" ]]; then
    postfix -c "$postfix_dir/etc" stop >/dev/null 2>&1 || true
    wait_for_postfix_exit "$postfix_dir"
  fi
  rm -rf "$work"
}

# `postfix stop` returns before master has exited; wait for its pid to go away.
wait_for_postfix_exit() {
  local pidfile="$1/queue/pid/master.pid" pid
  [[ -f "$pidfile" ]] || return 0
  pid=$(tr -d ' \n' <"$pidfile")
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "mta-accept: Postfix master $pid still running" >&2
}
trap cleanup EXIT

echo "building the MTA (mta-image, output in target-bench/)..."
(cd "$repo" && ./mvnw -B -q -pl mta-image -Dmta.build.dir=target-bench -Dspotless.skip=true \
  package -DskipTests dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" \
  -Dmdep.includeScope=runtime) >"$work/build.log" 2>&1 || {
  tail -30 "$work/build.log" >&2
  die "MTA build failed"
}
mta_cp="$repo/mta-image/target-bench/classes:$(cat "$work/cp.txt")"

# --- Postfix: a private instance under $work, hold queue, loopback only ---------------------

start_postfix() {
  postfix_dir="$work/postfix-$1"
  mkdir -p "$postfix_dir/etc" "$postfix_dir/queue" "$postfix_dir/data"
  chown postfix "$postfix_dir/data"
  cat >"$postfix_dir/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $postfix_dir/queue
data_directory = $postfix_dir/data
command_directory = $(postconf -dh command_directory)
daemon_directory = $(postconf -dh daemon_directory)
shlib_directory = $(postconf -dh shlib_directory)
meta_directory = $(postconf -dh meta_directory)
mail_owner = postfix
setgid_group = postdrop
myhostname = postfix-bench.localdomain
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
smtpd_recipient_restrictions = permit_mynetworks, reject
# Accepted mail goes to the hold queue: durably queued, never delivered during the run.
smtpd_end_of_data_restrictions = check_client_access static:HOLD
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
default_process_limit = 200
maillog_file = $postfix_dir/maillog
maillog_file_prefixes = $postfix_dir
EOF
  cat >"$postfix_dir/etc/master.cf" <<EOF
127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
proxymap  unix  - - n - - proxymap
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
  postfix -c "$postfix_dir/etc" start >/dev/null 2>&1 || {
    tail -5 "$postfix_dir/maillog" >&2 || true
    die "private Postfix did not start (see above)"
  }
  wait_for_smtp "$POSTFIX_PORT" || die "Postfix does not answer on 127.0.0.1:$POSTFIX_PORT"
}

stop_postfix() {
  postfix -c "$postfix_dir/etc" stop >/dev/null 2>&1
  wait_for_postfix_exit "$postfix_dir"
  rm -rf "$postfix_dir"
  postfix_dir=""
}

postfix_queued() {
  find "$postfix_dir/queue/hold" "$postfix_dir/queue/incoming" "$postfix_dir/queue/active" \
    "$postfix_dir/queue/deferred" -type f 2>/dev/null | wc -l
}

# --- our MTA: a child JVM with a config under $work -------------------------------------------

start_mta() {
  local dir="$work/mta-$1"
  mkdir -p "$dir"
  cat >"$dir/mta.yaml" <<EOF
hostname: mta-bench.localdomain
smtp:
  listeners:
    - name: submission
      address: 127.0.0.1
      port: $MTA_PORT
      proxyProtocol: false
spool:
  directory: $dir/spool
  durability: FSYNC
admin:
  address: 127.0.0.1
  port: $MTA_ADMIN_PORT
inject:
  address: 127.0.0.1
  port: $MTA_INJECT_PORT
# Postfix holds its queue; so do we: this measures accepting, not delivering.
delivery:
  paused: true
EOF
  MAILFLEET_LOG_LEVEL=WARN java -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$mta_cp" \
    io.mailfleet.mta.MtaMain --config "$dir/mta.yaml" >"$dir/mta.log" 2>&1 &
  mta_pid=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$MTA_ADMIN_PORT/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$mta_pid" 2>/dev/null || break
    sleep 0.2
  done
  tail -20 "$dir/mta.log" >&2
  die "MTA did not become ready"
}

stop_mta() {
  kill -TERM "$mta_pid"
  wait "$mta_pid" || die "MTA exited with status $? after SIGTERM"
  mta_pid=""
}

mta_queued() {
  curl -fs "http://127.0.0.1:$MTA_ADMIN_PORT/api/v1/queue" | sed -E 's/.*"messages":([0-9]+).*/\1/'
}

wait_for_smtp() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# --- one measurement --------------------------------------------------------------------------

# Sends `count` messages of `bytes` to `port` with smtp-source.
send() {
  local port="$1" count="$2" bytes="$3"
  smtp-source -d -s "$SESSIONS" -m "$count" -l "$bytes" \
    -f bench@example.com -t sink@example.net "127.0.0.1:$port" >/dev/null
}

# Warms the server up, then prints messages per second for the measured run; `queued_fn`
# counts what the server holds, to check every message of the run was queued.
load() {
  local port="$1" count="$2" bytes="$3" queued_fn="$4"
  local start end before after
  send "$port" "$WARMUP_MESSAGES" "$bytes"
  before=$($queued_fn)
  start=$(date +%s.%N)
  send "$port" "$count" "$bytes"
  end=$(date +%s.%N)
  after=$($queued_fn)
  if ((after - before != count)); then
    echo "warning: $((after - before)) of $count messages queued on port $port" >&2
  fi
  echo "scale=1; ($after - $before) / ($end - $start)" | bc
}

run_size() {
  local label="$1" count="$2" bytes="$3" ours theirs
  start_mta "$label"
  ours=$(load "$MTA_PORT" "$count" "$bytes" mta_queued)
  stop_mta
  start_postfix "$label"
  theirs=$(load "$POSTFIX_PORT" "$count" "$bytes" postfix_queued)
  stop_postfix
  printf '%-8s %8d msgs  mailfleet %9.1f msg/s  postfix %9.1f msg/s  ratio %5.2fx\n' \
    "$label" "$count" "$ours" "$theirs" "$(echo "scale=2; $ours / $theirs" | bc)"
}

echo "durable accept over SMTP: $SESSIONS sessions (smtp-source -d), loopback, $(nproc) cores," \
  "$WARMUP_MESSAGES warm-up messages first; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
run_size "1KiB" "$SMALL_MESSAGES" 1024
run_size "100KiB" "$LARGE_MESSAGES" 102400
