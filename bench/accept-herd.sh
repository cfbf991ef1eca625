#!/usr/bin/env bash
# Does a connection wake one HTTP worker or all of them? For 1, 2, 4 and 8 prefork HTTP workers sharing the master's
# socket: wrk -t1 -c32 on /web/health, one connection per request (Odoo's workers), werkzeug lines off; for each, the
# requests/s and, per request, the HTTP workers' CPU time (utime + stime from /proc/PID/stat), their context switches,
# their failed accept4 calls (EAGAIN: another worker took the connection) and their epoll_wait returns (perf stat on
# the workers' threads). Given two binaries (e.g. before and after), the rounds alternate between them.
#
# usage: bench/accept-herd.sh BINARY [OTHER-BINARY] [-w "1 2 4 8"] [-d SECONDS] [-r ROUNDS] [-c CONNS]
# needs: wrk, perf (root, or perf_event_paranoid <= 1 and tracefs readable), python3, curl
set -euo pipefail
source "$(dirname "$0")/require.sh"
require curl
require perf linux-perf
require python3
require wrk
binaries=("$1"); shift
if [[ $# -gt 0 && $1 != -* ]]; then binaries+=("$1"); shift; fi
counts="1 2 4 8" secs=5 rounds=3 conns=32
while getopts "w:d:r:c:" o; do
  case $o in w) counts=$OPTARG ;; d) secs=$OPTARG ;; r) rounds=$OPTARG ;; c) conns=$OPTARG ;; *) sed -n '2,10p' "$0"; exit 2 ;; esac
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait; rm -rf "$work"' EXIT

# One server per binary and worker count, all started first (idle servers on other sockets wake no one).
declare -A port master
for b in "${!binaries[@]}"; do
  for n in $counts; do
    key=$b/$n
    port[$key]=$(free_port)
    "${binaries[$b]}" --http-interface 127.0.0.1 -p "${port[$key]}" --gevent-port "$(free_port)" --max-cron-threads 0 \
      --workers "$n" --limit-request 100000000 --log-handler werkzeug:WARNING -D "$work/$b-$n" --logfile "$work/$b-$n.log" &
    master[$key]=$!
    pids+=($!)
  done
done
http_workers() {
  local list=()
  for child in $(pgrep -P "${master[$1]}"); do
    tr '\0' ' ' < "/proc/$child/cmdline" | grep -q -- '--role http' && list+=("$child")
  done
  echo "${list[@]}"
}
for key in "${!port[@]}"; do
  n=${key#*/}
  for _ in $(seq 1 200); do
    workers=($(http_workers "$key"))
    [[ ${#workers[@]} -eq $n ]] && curl -fsS -o /dev/null "http://127.0.0.1:${port[$key]}/web/health" 2>/dev/null && break
    sleep 0.1
  done
done
ticks() {
  local total=0 stat
  for p in "$@"; do read -r -a stat < "/proc/$p/stat"; total=$((total + stat[13] + stat[14])); done
  echo $total
}
hz=$(getconf CLK_TCK)
echo "# $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %-3s %-2s %9s %9s %8s %11s %10s\n' round bin w 'req/s' 'cpu-µs/r' 'cs/r' 'eagain/r' 'epoll/r'
for round in $(seq 1 "$rounds"); do
  for n in $counts; do
    for b in "${!binaries[@]}"; do
      key=$b/$n
      url="http://127.0.0.1:${port[$key]}/web/health"
      workers=($(http_workers "$key"))
      # Warm up (and let every worker's threads exist before perf attaches to them).
      wrk -t1 -c"$conns" -d1s -H 'Connection: close' "$url" > /dev/null
      t0=$(ticks "${workers[@]}")
      perf stat -x, -o "$work/perf" -p "$(IFS=,; echo "${workers[*]}")" \
        -e context-switches -e syscalls:sys_exit_accept4 --filter 'ret < 0' -e syscalls:sys_exit_epoll_wait \
        -- sleep $((secs + 1)) &
      perf_pid=$!
      sleep 0.5
      out=$(wrk -t1 -c"$conns" -d"${secs}s" -H 'Connection: close' "$url")
      wait $perf_pid
      t1=$(ticks "${workers[@]}")
      total=$(awk '/requests in/ {print $1}' <<<"$out")
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      cs=$(awk -F, '$3=="context-switches" {print $1}' "$work/perf")
      eagain=$(awk -F, '$3=="syscalls:sys_exit_accept4" {print $1}' "$work/perf")
      epoll=$(awk -F, '$3=="syscalls:sys_exit_epoll_wait" {print $1}' "$work/perf")
      python3 - "$round" "$b" "$n" "$rps" "$t0" "$t1" "$hz" "$total" "$cs" "$eagain" "$epoll" <<'EOF'
import sys
r, b, n, rps, t0, t1, hz, total, cs, eagain, epoll = sys.argv[1:]
total = max(int(total), 1)
num = lambda s: float(s) if s.replace('.', '', 1).isdigit() else float('nan')
print(f"{r:<5} {b:<3} {n:<2} {float(rps):9.0f} {(int(t1)-int(t0))/int(hz)*1e6/total:9.1f} "
      f"{num(cs)/total:8.2f} {num(eagain)/total:11.3f} {num(epoll)/total:10.2f}")
EOF
    done
  done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for b in "${!binaries[@]}"; do echo "# bin $b: ${binaries[$b]}"; done
