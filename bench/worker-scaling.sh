#!/usr/bin/env bash
# What does one request cost as the number of one-request-at-a-time workers grows, and is that mini-odoo's doing or
# the machine's? mini-odoo's prefork HTTP workers beside the same process model in Python (Debian's gunicorn, sync
# workers: one request at a time per process, as Odoo's) and beside nginx (event-driven workers), each at every
# worker count, in alternating rounds: wrk -t1 -c32 on /web/health with a new connection per request (Connection:
# close, Odoo's prefork workers), werkzeug lines off. Per request: the workers' CPU time (utime + stime from
# /proc/PID/stat) and their context switches (voluntary + involuntary, summed over the workers' threads in
# /proc/PID/task/*/status). The last table gives, per server, the cost at the highest worker count over the cost at
# the lowest: if gunicorn grows as mini-odoo does, the growth belongs to the process model on these cores.
#
# usage: bench/worker-scaling.sh [-b BINARY] [-w "1 8"] [-s "mini-odoo gunicorn nginx"] [-d SECONDS] [-r ROUNDS] [-c CONNS]
#   BINARY defaults to the native build in artifacts/native/mini-odoo (make publish)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/require.sh"
require curl
require gunicorn
require nginx
require python3
require wrk
source "$here/lib/workers.sh"
binary=$here/../artifacts/native/mini-odoo counts="1 8" secs=5 rounds=3 conns=32 servers="mini-odoo gunicorn nginx"
while getopts "b:w:s:d:r:c:" o; do
  case $o in
    b) binary=$OPTARG ;; w) counts=$OPTARG ;; s) servers=$OPTARG ;; d) secs=$OPTARG ;; r) rounds=$OPTARG ;; c) conns=$OPTARG ;;
    *) sed -n '2,14p' "$0"; exit 2 ;;
  esac
done
[[ -x $binary ]] || { echo "no binary at $binary: build it with 'make publish' or pass -b" >&2; exit 2; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "did not start: $1" >&2; return 1; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT

# Context switches of the given pids, all threads.
switches() {
  local p
  for p in "$@"; do cat /proc/"$p"/task/*/status 2>/dev/null; done |
    awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}

# Every server at every worker count is started first; idle servers on other sockets wake no one.
declare -A port master
servers=($servers)
has() { [[ " ${servers[*]} " == *" $1 "* ]]; }
for n in $counts; do
  if has mini-odoo; then
  p=$(free_port); port[mini-odoo/$n]=$p
  "$binary" --http-interface 127.0.0.1 -p "$p" --gevent-port "$(free_port)" --max-cron-threads 0 --workers "$n" \
    --limit-request 100000000 --log-handler werkzeug:WARNING -D "$work/mo-$n" --logfile "$work/mo-$n.log" &
  master[mini-odoo/$n]=$!; pids+=($!)
  fi

  if has gunicorn; then
  p=$(free_port); port[gunicorn/$n]=$p
  (cd "$here/anchors/wsgi" && exec /usr/bin/python3 -m gunicorn -w "$n" -b "127.0.0.1:$p" --log-level warning app:application) \
    >/dev/null 2>&1 &
  master[gunicorn/$n]=$!; pids+=($!)
  fi

  if has nginx; then
  p=$(free_port); port[nginx/$n]=$p
  mkdir -p "$work/nginx-$n"
  cat >"$work/nginx-$n/nginx.conf" <<CONF
worker_processes $n; daemon off; pid $work/nginx-$n/nginx.pid; error_log $work/nginx-$n/error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$p; location / { default_type application/json; return 200 '{"status": "pass"}'; } } }
CONF
  nginx -c "$work/nginx-$n/nginx.conf" >/dev/null 2>&1 &
  master[nginx/$n]=$!; pids+=($!)
  fi
done
for n in $counts; do
  if has mini-odoo; then wait_for_http_workers "${master[mini-odoo/$n]}" "${port[mini-odoo/$n]}" "$n"; fi
  if has gunicorn; then wait_up "http://127.0.0.1:${port[gunicorn/$n]}/web/health"; fi
  if has nginx; then wait_up "http://127.0.0.1:${port[nginx/$n]}/web/health"; fi
done
workers_of() {  # KEY: the pids doing the requests
  case $1 in
    mini-odoo/*) http_workers_of "${master[$1]}" ;;
    *) pgrep -P "${master[$1]}" | tr '\n' ' ' ;;
  esac
}

hz=$(getconf CLK_TCK)
out=$work/rows
echo "# $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for n in $counts; do
    for s in "${servers[@]}"; do
      key=$s/$n
      url="http://127.0.0.1:${port[$key]}/web/health"
      wrk -t1 -c"$conns" -d1s -H 'Connection: close' "$url" >/dev/null
      ws=($(workers_of "$key"))
      t0=$(cpu_ticks "${ws[@]}") c0=$(switches "${ws[@]}")
      r=$(wrk -t1 -c"$conns" -d"${secs}s" -H 'Connection: close' "$url")
      t1=$(cpu_ticks "${ws[@]}") c1=$(switches "${ws[@]}")
      total=$(awk '/requests in/ {print $1}' <<<"$r")
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$r")
      errors=$(awk '/Socket errors/{gsub(",",""); e+=$4+$6+$8+$10} /Non-2xx/{e+=$NF} END{print e+0}' <<<"$r")
      echo "$round $s $n $rps $total $((t1 - t0)) $((c1 - c0)) $errors" >>"$out"
      echo "round $round: $s -w $n: $rps req/s" >&2
    done
  done
done
echo "# $rounds rounds x ${secs}s, wrk -t1 -c$conns, Connection: close; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$out" "$hz" "$counts" <<'PY'
import statistics, sys
rows, hz, counts = sys.argv[1], int(sys.argv[2]), [int(c) for c in sys.argv[3].split()]
data = {}
for line in open(rows):
    rnd, server, n, rps, total, ticks, cs, errors = line.split()
    total = max(int(total), 1)
    data.setdefault((server, int(n)), []).append(
        (float(rps), int(ticks) / hz * 1e6 / total, int(cs) / total, int(errors)))
rng = lambda xs, f: f"{f.format(statistics.median(xs))} [{f.format(min(xs))}-{f.format(max(xs))}]"
print(f"{'server':10} {'workers':>7} {'req/s':>22} {'CPU µs/req':>22} {'cs/req':>22} {'errors':>6}")
for (server, n), rs in sorted(data.items()):
    print(f"{server:10} {n:7d} {rng([r[0] for r in rs], '{:.0f}'):>22} {rng([r[1] for r in rs], '{:.1f}'):>22} "
          f"{rng([r[2] for r in rs], '{:.2f}'):>22} {sum(r[3] for r in rs):6d}")
lo, hi = min(counts), max(counts)
print(f"\ngrowth from {lo} to {hi} workers (median of per-round ratios)")
for server in sorted({s for s, _ in data}):
    a, b = data.get((server, lo)), data.get((server, hi))
    if not a or not b:
        continue
    cpu = [y[1] / x[1] for x, y in zip(a, b) if x[1] > 0]
    cs = [y[2] / x[2] for x, y in zip(a, b) if x[2] > 0]
    print(f"{server:10} CPU/req x{statistics.median(cpu):.2f} [{min(cpu):.2f}-{max(cpu):.2f}]"
          + (f", cs/req x{statistics.median(cs):.2f} [{min(cs):.2f}-{max(cs):.2f}]" if cs else ""))
PY
