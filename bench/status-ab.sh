#!/usr/bin/env bash
# What the status counters cost on the request path: two mini-odoo binaries (before and after, e.g. a build of the
# parent commit and this one) served side by side in alternating wrk rounds on /web/health, one connection per
# request (Odoo's prefork workers), access log off; for each, requests/s and the HTTP workers' CPU time per
# request (utime + stime from /proc/PID/stat over the requests they served).
#
# usage: bench/status-ab.sh BEFORE-BINARY AFTER-BINARY [-w WORKERS] [-d SECONDS] [-r ROUNDS] [-c CONNS]
set -euo pipefail
source "$(dirname "$0")/require.sh"
require curl
require python3
require wrk
before=$1 after=$2; shift 2
workers=2 secs=5 rounds=3 conns=32
while getopts "w:d:r:c:" o; do
  case $o in w) workers=$OPTARG ;; d) secs=$OPTARG ;; r) rounds=$OPTARG ;; c) conns=$OPTARG ;; *) sed -n '2,7p' "$0"; exit 2 ;; esac
done
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait; rm -rf "$work"' EXIT

declare -A port
for name in before after; do
  binary=${!name}
  port[$name]=$(free_port)
  "$binary" --http-interface 127.0.0.1 -p "${port[$name]}" --gevent-port "$(free_port)" --max-cron-threads 0 \
    --workers "$workers" --limit-request 100000000 --log-handler werkzeug:WARNING -D "$work/$name" --logfile "$work/$name.log" &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:${port[$name]}/web/health" 2>/dev/null && break; sleep 0.1; done
done
master_of() { [[ $1 == before ]] && echo "${pids[0]}" || echo "${pids[1]}"; }
# CPU ticks of the master's HTTP workers (children started with --role http).
worker_ticks() {
  local total=0
  for child in $(pgrep -P "$(master_of "$1")"); do
    if tr '\0' ' ' < "/proc/$child/cmdline" | grep -q -- '--role http'; then
      read -r -a stat < "/proc/$child/stat"
      total=$((total + stat[13] + stat[14]))
    fi
  done
  echo $total
}
hz=$(getconf CLK_TCK)
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for name in before after; do
    t0=$(worker_ticks $name)
    out=$(wrk -t2 -c"$conns" -d"${secs}s" -H 'Connection: close' "http://127.0.0.1:${port[$name]}/web/health")
    t1=$(worker_ticks $name)
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    us=$(python3 -c "print(f'{($t1-$t0)/$hz*1e6/max($total,1):.1f}')")
    echo "round $round $name: $rps req/s, worker CPU $us µs per request"
  done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
