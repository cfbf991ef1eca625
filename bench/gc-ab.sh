#!/usr/bin/env bash
# Garbage collections and CPU per request of prefork HTTP workers, A against B: two mini-odoo binaries (or one binary
# twice with different environments) served side by side in alternating wrk rounds on /web/health, one connection per
# request, access log off. Per round: requests/s, the HTTP workers' CPU µs per request (utime + stime from
# /proc/PID/stat), their collections per 1,000 requests (a uprobe on the GC's garbage_collect, counted by perf stat:
# needs the native binary's symbols, in it or in BINARY.dbg beside it) and the load average. Collections and CPU per
# request do not depend on the machine's load the way requests/s do.
#
# usage: bench/gc-ab.sh A-BINARY B-BINARY [-a "VAR=VALUE ..."] [-b "VAR=VALUE ..."] [-w WORKERS] [-d SECONDS] [-r ROUNDS] [-c CONNS] [-l]
#   -a/-b: environment of A's or B's master (its workers inherit it; an exported DOTNET_GCgen0size wins over the default)
#   -l: access log on (werkzeug lines written to the log file)
# needs: wrk, perf (root), python3, curl, nm
set -euo pipefail
source "$(dirname "$0")/require.sh"
require curl
require nm binutils
require perf linux-perf
require python3
require wrk
source "$(dirname "$0")/lib/workers.sh"
bins=("$1" "$2"); shift 2
envs=("" "") workers=2 secs=5 rounds=3 conns=32 logargs=(--log-handler werkzeug:WARNING)
while getopts "a:b:w:d:r:c:l" o; do
  case $o in a) envs[0]=$OPTARG ;; b) envs[1]=$OPTARG ;; w) workers=$OPTARG ;; d) secs=$OPTARG ;; r) rounds=$OPTARG ;;
    c) conns=$OPTARG ;; l) logargs=() ;; *) sed -n '2,13p' "$0"; exit 2 ;; esac
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=() probes=()
tracefs=/sys/kernel/tracing; [[ -d $tracefs/events ]] || tracefs=/sys/kernel/debug/tracing
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for e in "${probes[@]}"; do echo "-:$e" >> "$tracefs/uprobe_events" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# A uprobe on WKS::gc_heap::garbage_collect (one hit per collection) at its file offset in the binary.
gc_probe() {
  local bin=$1 name=$2 symbols=$1 vaddr
  [[ -f $bin.dbg ]] && symbols=$bin.dbg
  vaddr=$(nm "$symbols" 2>/dev/null | awk '$3 == "_ZN3WKS7gc_heap15garbage_collectEi" {print $1; exit}')
  [[ -n $vaddr ]] || return 1
  local offset
  offset=$(python3 - "$bin" "$vaddr" <<'PY'
import struct, sys
path, vaddr = sys.argv[1], int(sys.argv[2], 16)
data = open(path, 'rb').read(1 << 16)
phoff, = struct.unpack_from('<Q', data, 0x20); phentsize, phnum = struct.unpack_from('<HH', data, 0x36)
for i in range(phnum):
    p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from('<IIQQQQ', data, phoff + i * phentsize)
    if p_type == 1 and p_vaddr <= vaddr < p_vaddr + p_filesz:
        print(hex(vaddr - p_vaddr + p_offset)); break
PY
)
  [[ -n $offset ]] || return 1
  echo "p:minigc/$name $(readlink -f "$bin"):$offset" >> "$tracefs/uprobe_events" || return 1
  probes+=("minigc/$name")
}

declare -A port master probe
for i in 0 1; do
  side=$([[ $i == 0 ]] && echo A || echo B)
  port[$side]=$(free_port)
  env ${envs[$i]} "${bins[$i]}" --http-interface 127.0.0.1 -p "${port[$side]}" --gevent-port "$(free_port)" --max-cron-threads 0 \
    --workers "$workers" --limit-request 100000000 "${logargs[@]}" -D "$work/$side" --logfile "$work/$side.log" &
  master[$side]=$!
  pids+=($!)
  probe[$side]=""
  gc_probe "${bins[$i]}" "gc$side" && probe[$side]="minigc:gc$side"
done
http_workers() { http_workers_of "${master[$1]}"; }
for side in A B; do wait_for_http_workers "${master[$side]}" "${port[$side]}" "$workers" || true; done
hz=$(getconf CLK_TCK)
echo "# $(nproc) cores, $workers HTTP workers, wrk -t1 -c$conns -d${secs}s Connection: close, access log $([[ ${#logargs[@]} -eq 0 ]] && echo on || echo off)"
echo "# A: ${bins[0]} ${envs[0]}"
echo "# B: ${bins[1]} ${envs[1]}"
printf '%-5s %-4s %9s %10s %12s  %s\n' round side 'req/s' 'cpu-µs/req' 'GCs/1000req' 'load average'
for round in $(seq 1 "$rounds"); do
  for side in A B; do
    url="http://127.0.0.1:${port[$side]}/web/health"
    w=($(http_workers $side))
    wrk -t1 -c"$conns" -d1s -H 'Connection: close' "$url" > /dev/null
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    gcs=nan
    if [[ -n ${probe[$side]} ]]; then
      perf stat -x, -o "$work/perf" -e "${probe[$side]}" -p "$(IFS=,; echo "${w[*]}")" -- sleep $((secs + 1)) &
      perf_pid=$!
      sleep 0.3
    fi
    t0=$(cpu_ticks "${w[@]}")
    out=$(wrk -t1 -c"$conns" -d"${secs}s" -H 'Connection: close' "$url")
    t1=$(cpu_ticks "${w[@]}")
    if [[ -n ${probe[$side]} ]]; then
      wait $perf_pid
      gcs=$(awk -F, -v e="${probe[$side]}" '$3 == e {print $1}' "$work/perf")
    fi
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    python3 - "$round" "$side" "$rps" "$t0" "$t1" "$hz" "$total" "$gcs" "$load" <<'PY'
import sys
r, side, rps, t0, t1, hz, total, gcs, load = sys.argv[1:]
total = max(int(total), 1)
g = f"{float(gcs) * 1000 / total:12.2f}" if gcs.replace('.', '', 1).isdigit() else f"{'n/a':>12}"
print(f"{r:<5} {side:<4} {float(rps):9.0f} {(int(t1) - int(t0)) / int(hz) * 1e6 / total:10.1f} {g}  {load}")
PY
  done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
