# Helpers of the benchmark scripts (bench/run, bench/soak), sourced by them: servers started in
# the background on loopback and stopped on exit, wall times, medians and ratios, a process's
# memory. A script sets $work (its scratch folder) before starting a server, and calls
# stop_servers from its EXIT trap. Some functions set $url and $pid for the caller.
# shellcheck shell=bash disable=SC2034,SC2154

bench_pids=()

# start_server NAME COMMAND...: runs COMMAND in the background, its output in $work/NAME.out,
# and waits (20 s at most) for its ready line: `listening on http://HOST:PORT` (common, the
# references) or `Listening at: http://HOST:PORT` (gunicorn). Sets $url and $pid.
start_server() {
  launch_server "$@"
  await_server "$1"
}

# launch_server NAME COMMAND... then await_server NAME: the same in two steps, to start several
# servers at once.
declare -A server_pid
launch_server() {
  local name=$1
  shift
  "$@" >"$work/$name.out" 2>&1 &
  server_pid[$name]=$!
  bench_pids+=("$!")
}
await_server() {
  local name=$1 out="$work/$1.out" deadline=$((SECONDS + 20))
  pid=${server_pid[$name]}
  local ready='listening (on|at):? http://[0-9.]+:[0-9]+'
  until url=$(grep -oiE -m1 "$ready" "$out" | grep -o 'http://.*'); do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
      echo "bench: $name did not start:" >&2
      tail -n 5 "$out" >&2
      return 1
    fi
    sleep 0.05
  done
}

# wait_http URL: waits (20 s at most) until URL answers, for servers without a ready line.
wait_http() {
  local deadline=$((SECONDS + 20))
  until curl -s -o /dev/null --max-time 1 "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}

# stop_servers: SIGTERM to every server started, then SIGKILL to those alive after 5 s.
stop_servers() {
  local p deadline=$((SECONDS + 5))
  ((${#bench_pids[@]})) || return 0
  kill "${bench_pids[@]}" 2>/dev/null || true
  for p in "${bench_pids[@]}"; do
    while kill -0 "$p" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.05; done
    kill -9 "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  bench_pids=()
}

# free_port: a loopback port free now (for servers that cannot be given port 0).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# seconds COMMAND...: the wall time of COMMAND, its output discarded; fails if it fails.
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || return 1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}'
}

# median: of the numbers on stdin, one a line (the mean of the middle two for an even count).
median() {
  sort -g | awk '{a[NR] = $1}
    END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}

# ratio A B: A / B, three decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }

# rss_kb PID: the resident memory of a process, in kB.
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
