#!/usr/bin/env bash
# The server's side of bench/longpolling.sh's broadcast, apart from the client: runs it once (poll or ws) and traces
# the longpolling worker's syscalls (perf, tracepoints: timestamps only) from 3 s after it holds every connection,
# for 14 s. Prints when the worker sent its answers (sendto), in ms after it received the wake-up datagram
# (recvmsg): what the client's figures add to that is the client's own time on the shared cores.
# Needs perf and the right to trace (root, or kernel.perf_event_paranoid <= 1).
#
# usage: bench/longpolling-sends.sh [-m poll|ws] [-b BINARY] [-n CONNECTIONS]
set -euo pipefail
source "$(dirname "$0")/require.sh"
require perf linux-perf
mode=poll binary="" n=10000
while getopts "m:b:n:" o; do
  case $o in
    m) mode=$OPTARG ;; b) binary=$OPTARG ;; n) n=$OPTARG ;;
    *) sed -n '2,8p' "$0"; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/bench/longpolling.sh" -n "$n" -m "$mode" ${binary:+-b "$binary"} > "$work/bench.txt" 2>&1 &
bench=$!
lp=""
for _ in $(seq 1 1200); do
  lp=$(grep -oP 'longpolling worker \K\d+' "$work/bench.txt" 2>/dev/null | head -1) || true
  [[ -n $lp ]] && break
  sleep 0.1
done
[[ -n $lp ]] || { cat "$work/bench.txt" >&2; exit 1; }
for _ in $(seq 1 1200); do
  (( $(ls "/proc/$lp/fd" | wc -l) >= n )) && break
  sleep 0.1
done
sleep 3
perf record -q -e syscalls:sys_enter_sendto,syscalls:sys_enter_recvmsg -p "$lp" -o "$work/perf.data" -- sleep 14 >/dev/null 2>&1 || true
wait "$bench" || true
cat "$work/bench.txt"
perf script -i "$work/perf.data" -F time,event 2>/dev/null | /usr/bin/python3 -c '
import sys
events = [(float(line.split()[0].rstrip(":")), line.split()[1]) for line in sys.stdin if line.strip()]
woken = min((t for t, e in events if "recvmsg" in e), default=None)
sends = sorted((t - woken) * 1000 for t, e in events if "sendto" in e and woken is not None and t >= woken)
if not sends:
    sys.exit("no wake-up datagram or no answer traced")
at = lambda q: sends[min(len(sends) - 1, max(0, -int(-q * len(sends) // 1) - 1))]
print(f"server_sends n={len(sends)} first={sends[0]:.1f} p50={at(.5):.1f} p99={at(.99):.1f} max={sends[-1]:.1f} (ms after the wake-up datagram)")
'
