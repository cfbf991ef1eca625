#!/usr/bin/env bash
# What the werkzeug access log costs (issue 15, item 1): one mini-odoo binary served twice side by side, access log
# on (Odoo's default levels) and off (--log-handler werkzeug:WARNING), both logging to a file, in alternating wrk
# rounds on /web/health; optionally a second binary (e.g. a build of the parent commit) the same way. For each round:
# requests/s and the serving processes' CPU time per request (utime + stime from /proc/PID/stat: the HTTP workers in
# prefork, the process in threaded mode). Rounds alternate the servers' order. Prints the load average, every round,
# the medians and the on/off ratio of each round pair with its range.
#
# usage: bench/access-log.sh [-b BINARY] [-B BEFORE-BINARY] [-m prefork|threaded|both] [-r ROUNDS] [-d SECONDS] [-c CONNS] [-w WORKERS]
#   -b   the binary to measure (default: artifacts/native/mini-odoo; `dotnet publish src/MiniOdooServer -c Release -o artifacts/native`)
#   -B   a second binary measured alike in the same rounds, e.g. the parent commit's
#   -m   prefork: WORKERS HTTP workers, a new connection per request (Odoo's workers); threaded: keep-alive (default both)
set -euo pipefail
source "$(dirname "$0")/require.sh"
require curl
require wrk
here=$(cd "$(dirname "$0")/.." && pwd)
binary=$here/artifacts/native/mini-odoo before="" modes=both rounds=5 secs=5 conns=32 workers=2
while getopts "b:B:m:r:d:c:w:" o; do
  case $o in
    b) binary=$OPTARG ;; B) before=$OPTARG ;; m) modes=$OPTARG ;; r) rounds=$OPTARG ;; d) secs=$OPTARG ;;
    c) conns=$OPTARG ;; w) workers=$OPTARG ;; *) sed -n '2,14p' "$0"; exit 2 ;;
  esac
done
[[ $modes == both ]] && modes="prefork threaded"
[[ -x $binary ]] || { echo "no binary at $binary (dotnet publish src/MiniOdooServer -c Release -o artifacts/native)" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null; apt-get install -y -qq wrk >/dev/null; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=()
stop_all() { for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap 'stop_all; rm -rf "$work"' EXIT

declare -A port pid
# name binary mode log(on|off)
start() {
  local name=$1 bin=$2 mode=$3 log=$4 args=()
  [[ $mode == prefork ]] && args+=(--workers "$workers" --limit-request 100000000) || args+=(--workers 0)
  [[ $log == off ]] && args+=(--log-handler werkzeug:WARNING)
  port[$name]=$(free_port)
  "$bin" --http-interface 127.0.0.1 -p "${port[$name]}" --gevent-port "$(free_port)" --max-cron-threads 0 \
    "${args[@]}" -D "$work/$name" --logfile "$work/$name.log" &
  pid[$name]=$!
  pids+=($!)
  for _ in $(seq 1 200); do curl -fsS -o /dev/null "http://127.0.0.1:${port[$name]}/web/health" 2>/dev/null && return 0; sleep 0.05; done
  echo "$name did not start" >&2; exit 1
}
# CPU ticks of the processes that serve: the master's children started with --role http, or the threaded server.
serving_ticks() {
  local name=$1 mode=$2 total=0 procs
  if [[ $mode == prefork ]]; then
    procs=$(for child in $(pgrep -P "${pid[$name]}"); do tr '\0' ' ' <"/proc/$child/cmdline" | grep -q -- '--role http' && echo "$child"; done)
  else
    procs=${pid[$name]}
  fi
  for p in $procs; do
    read -r -a stat <"/proc/$p/stat"
    total=$((total + stat[13] + stat[14]))
  done
  echo $total
}

hz=$(getconf CLK_TCK)
results=$work/results
echo "# $(nproc) cores; wrk -t1 -c$conns -d${secs}s; $rounds rounds; binary $binary${before:+; before $before}"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in $modes; do
  names=(on off)
  start on "$binary" "$mode" on
  start off "$binary" "$mode" off
  if [[ -n $before ]]; then
    names+=(before-on before-off)
    start before-on "$before" "$mode" on
    start before-off "$before" "$mode" off
  fi
  hdr=(-H "Connection: close"); [[ $mode == threaded ]] && hdr=()
  for name in "${names[@]}"; do wrk -t1 -c"$conns" -d1s "${hdr[@]}" "http://127.0.0.1:${port[$name]}/web/health" >/dev/null; done  # warm-up
  for round in $(seq 1 "$rounds"); do
    # Odd rounds in one order, even rounds in the reverse, so that no server always follows the same one.
    order=("${names[@]}")
    if ((round % 2 == 0)); then order=(); for ((i = ${#names[@]} - 1; i >= 0; i--)); do order+=("${names[$i]}"); done; fi
    for name in "${order[@]}"; do
      t0=$(serving_ticks "$name" "$mode")
      out=$(wrk -t1 -c"$conns" -d"${secs}s" "${hdr[@]}" "http://127.0.0.1:${port[$name]}/web/health")
      t1=$(serving_ticks "$name" "$mode")
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      total=$(awk '/requests in/ {print $1}' <<<"$out")
      errors=$(awk '/Socket errors/{gsub(",",""); e+=$4+$6+$8+$10} /Non-2xx/{e+=$NF} END{print e+0}' <<<"$out")
      us=$(/usr/bin/python3 -c "print(f'{($t1-$t0)/$hz*1e6/max($total,1):.1f}')")
      echo "$mode $round $name $rps $us $errors $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"
    done
  done
  lines=$(grep -c ' INFO ? werkzeug: ' "$work/on.log" || true)
  echo "# $mode: $lines access lines in the log-on server's file, $(grep -c ' INFO ? werkzeug: ' "$work/off.log" || true) in the log-off one's"
  stop_all
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    mode, rnd, name, rps, us, err, load = line.split()
    rows.setdefault(mode, {}).setdefault(name, []).append((float(rps), float(us), int(err), float(load)))
def rng(xs): return f"[{min(xs):.3f}-{max(xs):.3f}]"
for mode, by in rows.items():
    print(f"\n{mode}: median req/s, median CPU µs per request of the serving processes, errors, load average (1 min) range")
    for name, rs in by.items():
        print(f"  {name:10} {statistics.median(r[0] for r in rs):9.0f} req/s  {statistics.median(r[1] for r in rs):6.1f} µs/req"
              f"  errors {sum(r[2] for r in rs)}  load {min(r[3] for r in rs):.2f}-{max(r[3] for r in rs):.2f}")
    for on, off in (("on", "off"), ("before-on", "before-off")):
        if on in by and off in by:
            ratios = [a[0] / b[0] for a, b in zip(by[on], by[off]) if b[0] > 0]
            cpu = [a[1] / b[1] for a, b in zip(by[on], by[off]) if b[1] > 0]
            print(f"  {on}/{off}: req/s {statistics.median(ratios):.3f} {rng(ratios)}, CPU per request {statistics.median(cpu):.3f} {rng(cpu)}")
PY
