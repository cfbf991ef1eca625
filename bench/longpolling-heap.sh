#!/usr/bin/env bash
# Where the longpolling worker's memory goes: holds N idle subscribers (ws or poll) on a JIT build of mini-odoo (a
# native binary has no heap dump), takes a dotnet-gcdump of the longpolling worker while they idle, and prints the
# live managed heap by type, biggest total first. Needs the dotnet-gcdump tool (NuGet: dotnet tool install -g
# dotnet-gcdump).
#
# usage: bench/longpolling-heap.sh [-n CONNECTIONS] [-m ws|poll] [-o OUT_PREFIX]
set -euo pipefail
n=10000 mode=ws out=/tmp/longpolling-heap
while getopts "n:m:o:" o; do
  case $o in
    n) n=$OPTARG ;; m) mode=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n '2,8p' "$0"; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
gcdump=$(command -v dotnet-gcdump || echo "$HOME/.dotnet/tools/dotnet-gcdump")
[[ -x $gcdump ]] || dotnet tool install --global dotnet-gcdump >/dev/null ||
  { echo "dotnet-gcdump is not installed and could not be: dotnet tool install -g dotnet-gcdump" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
pid="" bench=""
stop() { [[ -n $bench ]] && kill "$bench" 2>/dev/null; [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap 'stop; rm -rf "$work"' EXIT
dotnet build "$root/src/MiniOdooServer" -c Release -r linux-x64 -o "$work/jit" >/dev/null
dotnet build "$root/tools/LongPollingBench" -c Release -o "$work/tool" >/dev/null
read -r port gport < <(/usr/bin/python3 -c 'import socket; a=socket.socket(); b=socket.socket(); a.bind(("127.0.0.1",0)); b.bind(("127.0.0.1",0)); print(a.getsockname()[1], b.getsockname()[1])')
dotnet "$work/jit/mini-odoo.dll" --http-interface 127.0.0.1 -p "$port" --gevent-port "$gport" --workers 1 \
  --max-cron-threads 0 -D "$work/data" --logfile "$work/log" --log-handler werkzeug:WARNING &
pid=$!
lp=""
for _ in $(seq 1 300); do
  lp=$(grep -oP 'Worker WorkerLongPolling \(\K\d+(?=\) alive)' "$work/log" 2>/dev/null | head -1) || true
  [[ -n $lp ]] && grep -q 'Bus.loop listening' "$work/log" && break
  sleep 0.1
done
[[ -n $lp ]] || { echo "the longpolling worker did not start" >&2; cat "$work/log" >&2; exit 1; }
LONGPOLLING_BENCH_HOLD_SECONDS=60 "$work/tool/LongPollingBench" "$mode" "127.0.0.1:$gport" "127.0.0.1:$port" "$n" "$lp" >"$work/bench.txt" 2>&1 &
bench=$!
for _ in $(seq 1 900); do (( $(ls "/proc/$lp/fd" | wc -l) >= n )) && break; sleep 0.2; done
sleep 12 # the subscriptions settle and the worker's idle compaction runs
echo "# $mode, $n connections, longpolling worker $lp: $(grep VmRSS "/proc/$lp/status")"
"$gcdump" collect -p "$lp" -o "$out.gcdump" >/dev/null
"$gcdump" report "$out.gcdump" >"$out.txt"
/usr/bin/python3 - "$out.txt" <<'PY'
import re, sys
rows = []
for line in open(sys.argv[1]):
    m = re.match(r'\s*([\d,]+)\s+([\d,]+)\s+(.*)', line)
    if m:
        size, count = int(m.group(1).replace(',', '')), int(m.group(2).replace(',', ''))
        rows.append((size * count, size, count, m.group(3)[:140]))
rows.sort(reverse=True)
print(f"live managed heap: {sum(r[0] for r in rows) / 1e6:.1f} MB")
for total, size, count, name in rows[:60]:
    print(f"{total:>12,} {size:>7} {count:>7} {name}")
PY
