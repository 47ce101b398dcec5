# Shared by the benchmark scripts here (sourced, never run by run.sh): a temp dir removed on exit,
# the MTA built and started from its jar, a private Postfix instance, smtp-source load and the
# result line. A script sets its knobs, sources this file, then calls bench_init.
# shellcheck shell=bash

bench_name="$(basename "$0" .sh)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

die() {
  echo "$bench_name: $*" >&2
  exit 1
}

# require_tools TOOL...: each must be on PATH; else fail, naming the packages that bring them.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null ||
      die "$tool not found; install it: DEBIAN_FRONTEND=noninteractive apt-get install -y postfix opendkim curl bc openssl openjdk-17-jdk-headless"
  done
  id postfix >/dev/null 2>&1 || die "no postfix user; install the Debian postfix package"
  [[ $EUID -eq 0 ]] || die "run as root: a private Postfix instance needs root to start"
}

# require_free_ports PORT...: nothing may listen on 127.0.0.1:PORT yet.
require_free_ports() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "127.0.0.1:$port is in use; pick free ports with the *_PORT variables (see the script's header)"
    fi
  done
}

# bench_init: makes $work and arranges for everything started here to be stopped, and $work
# removed, on exit. Background helpers the script starts itself go in bench_pids (those that
# count as part of Postfix, such as a milter, in postfix_extra_pids).
bench_init() {
  work="$(mktemp -d "/tmp/$bench_name.XXXXXX")"
  chmod 755 "$work"
  mta_pid=""
  postfix_dir=""
  postfix_extra_pids=()
  bench_pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local pid
  if [[ -n "$mta_pid" ]] && kill -0 "$mta_pid" 2>/dev/null; then
    kill -TERM "$mta_pid" 2>/dev/null || true
    wait "$mta_pid" 2>/dev/null || true
  fi
  if [[ -n "$postfix_dir" ]]; then
    postfix -c "$postfix_dir/etc" stop >/dev/null 2>&1 || true
    wait_for_postfix_exit "$postfix_dir"
  fi
  for pid in "${postfix_extra_pids[@]}" "${bench_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}

wait_for_smtp() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# --- our MTA: the jar, started with a config under $work --------------------------------------

# build_mta: builds the runnable jar into mta-image/target-bench/ (a build of its own, so a
# developer's target/ is left alone) and sets mta_jar.
build_mta() {
  echo "building the MTA (mta-image, output in target-bench/)..."
  (cd "$repo" && ./mvnw -B -q -pl mta-image -Dmta.build.dir=target-bench -Dspotless.skip=true \
    package -DskipTests) >"$work/build.log" 2>&1 || {
    tail -30 "$work/build.log" >&2
    die "MTA build failed"
  }
  mta_jar="$repo/mta-image/target-bench/mailfleet-mta.jar"
  [[ -f "$mta_jar" ]] || die "the build made no $mta_jar"
}

# start_mta LABEL DELIVERY_YAML: runs the jar on MTA_PORT (SMTP), MTA_ADMIN_PORT and
# MTA_INJECT_PORT with a durable (FSYNC) spool under $work; DELIVERY_YAML is the config's
# `delivery:` block. MTA_LOG_LEVEL (default INFO) is its log level; MTA_JAVA_OPTS, more JVM
# options (a profiler: -XX:StartFlightRecording=filename=...).
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
$2
EOF
  # shellcheck disable=SC2086 # MTA_JAVA_OPTS holds several options
  MAILFLEET_LOG_LEVEL="${MTA_LOG_LEVEL:-INFO}" java -Xms512m -Xmx512m -XX:+UseParallelGC \
    ${MTA_JAVA_OPTS:-} -jar "$mta_jar" --config "$dir/mta.yaml" >"$dir/mta.log" 2>&1 &
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

# Messages in the MTA's spool not yet delivered (or paused).
mta_queued() {
  curl -fs "http://127.0.0.1:$MTA_ADMIN_PORT/api/v1/queue" | sed -E 's/.*"messages":([0-9]+).*/\1/'
}

# --- Postfix: a private instance under $work, loopback only -----------------------------------

# start_postfix LABEL MAIN_CF_LINES MASTER_CF_LINES: an instance listening on POSTFIX_PORT that
# relays for 127.0.0.0/8; the two arguments are appended to its main.cf and master.cf.
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
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
default_process_limit = 200
maillog_file = $postfix_dir/maillog
maillog_file_prefixes = $postfix_dir
$2
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
$3
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

# `postfix stop` returns before master has exited; wait for its pid to go away.
wait_for_postfix_exit() {
  local pidfile="$1/queue/pid/master.pid" pid
  [[ -f "$pidfile" ]] || return 0
  pid=$(tr -d ' \n' <"$pidfile")
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "$bench_name: Postfix master $pid still running" >&2
}

# Messages in the Postfix instance's queue, held, waiting or being delivered.
postfix_queued() {
  find "$postfix_dir/queue/hold" "$postfix_dir/queue/incoming" "$postfix_dir/queue/active" \
    "$postfix_dir/queue/deferred" -type f 2>/dev/null | wc -l
}

# --- load and results -------------------------------------------------------------------------

# send PORT COUNT BYTES RECIPIENT [SHAPE]: COUNT messages of BYTES over SESSIONS parallel
# sessions from bench@example.com. SHAPE `reused` (the default) sends message after message over
# each connection (smtp-source -d); `per-message` opens a new connection for every message.
send() {
  local reuse=(-d)
  [[ "${5:-reused}" == per-message ]] && reuse=()
  smtp-source "${reuse[@]}" -s "$SESSIONS" -m "$2" -l "$3" -f bench@example.com -t "$4" \
    "127.0.0.1:$1" >/dev/null
}

# --- CPU ----------------------------------------------------------------------------------------

clock_ticks="$(getconf CLK_TCK)"

# process_ticks PID: user + system CPU ticks of PID (every thread of it) so far.
process_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

# mta_ticks: CPU ticks our MTA has used so far.
mta_ticks() {
  process_ticks "$mta_pid"
}

# postfix_ticks: CPU ticks of the Postfix instance so far: its master, the children it has reaped
# (smtpd, cleanup, qmgr, smtp that exited) and those still running, plus each PID in
# postfix_extra_pids (a milter such as opendkim).
postfix_ticks() {
  local master total=0 pid
  master=$(tr -d ' \n' <"$postfix_dir/queue/pid/master.pid")
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$master/stat")
  for pid in $(pgrep -P "$master") "${postfix_extra_pids[@]}"; do
    total=$((total + $(process_ticks "$pid")))
  done
  echo "$total"
}

# cpu_per_thousand TICKS COUNT: CPU-seconds per 1,000 messages.
cpu_per_thousand() {
  echo "scale=2; $1 * 1000 / $clock_ticks / $2" | bc
}

# load_average: the 1-, 5- and 15-minute load averages now.
load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# seconds_since START: wall time since START (from `date +%s.%N`).
seconds_since() {
  echo "$(date +%s.%N) - $1" | bc
}

# report LABEL COUNT OURS THEIRS [OUR_CPU THEIR_CPU [LOAD]]: one result line, messages/s and the
# ratio; with CPU-seconds per 1,000 messages for each, and the load average when the runs started.
report() {
  printf '%-24s %6d msgs  mailfleet %7.1f msg/s  postfix %7.1f msg/s  ratio %5.2fx' \
    "$1" "$2" "$3" "$4" "$(echo "scale=2; $3 / $4" | bc)"
  if (($# >= 6)); then
    printf '  cpu-s/1000 msgs: mailfleet %5.2f postfix %5.2f' "$5" "$6"
  fi
  if (($# >= 7)); then
    printf '  load at start: %s' "$7"
  fi
  printf '\n'
}
