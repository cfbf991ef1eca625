#!/usr/bin/env bash
# Measures a running server side by side with reference servers, in alternating rounds so that the drift of a
# shared machine hits all alike; quote the ratios, with their range, not the absolute figures:
#   kestrel-minimal  one .NET process, Kestrel alone (bench/anchors/kestrel-minimal, built here)
#   gunicorn-sync-W  W prefork Python workers, the process model of Odoo's prefork server (Debian's gunicorn)
#   werkzeug-thread  Python's threaded server, Odoo's workers = 0 engine (Debian's python3-werkzeug)
#   nginx            `return 200` with 2 workers, the HTTP limit of this machine (Debian's nginx)
# Beside every wrk run, bench/connect-probe.py opens a new connection every 20 ms and times connect + request: a SYN
# dropped by a full accept queue (counted as ListenOverflows, /proc/net/netstat) shows there, not in wrk's latency.
# ListenOverflows counts for the whole machine, and a run against a server that drops connections leaves clients'
# sockets that retry for minutes, each retry dropped and counted again: after each run those sockets are reset
# (`ss -K`, as root), and before the next every server's queue has drained, so each server's column is its own.
#
# usage: bench/anchors.sh [-c CONNS] [-d SECONDS] [-r ROUNDS] [-w WORKERS] [-k] [-a LIST] URL
#   URL  the target, e.g. http://127.0.0.1:8069/web/health (start it yourself)
#   -k   keep-alive (default: a new connection per request, `Connection: close`, as Odoo's prefork workers serve)
#   -a   comma list of anchors (default kestrel,gunicorn,werkzeug,nginx; "none" for the target alone)
set -euo pipefail
conns=32 secs=5 rounds=5 workers=2 keepalive=0 anchors=kestrel,gunicorn,werkzeug,nginx
while getopts "c:d:r:w:ka:" o; do
  case $o in
    c) conns=$OPTARG ;; d) secs=$OPTARG ;; r) rounds=$OPTARG ;; w) workers=$OPTARG ;;
    k) keepalive=1 ;; a) anchors=$OPTARG ;; *) sed -n '2,15p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
target=${1:?usage: bench/anchors.sh [options] URL}
here=$(cd "$(dirname "$0")" && pwd)
cache=${MINI_ODOO_BENCH_CACHE:-${TMPDIR:-/tmp}/mini-odoo-bench}
mkdir -p "$cache"

source "$here/require.sh"
require wrk
require curl
require ss iproute2
[[ $anchors == *gunicorn* ]] && require gunicorn
[[ $anchors == *werkzeug* ]] && require_python_module werkzeug python3-werkzeug
[[ $anchors == *nginx* ]] && require nginx

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 200); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.05; done; echo "did not start: $1" >&2; return 1; }
port_of() { local rest=${1#*://*:}; echo "${rest%%/*}"; }
# Connections a server still has to deal with: in its accept queue, or clients' sockets still open to it.
queued() {
  local p total=0
  for p in "$@"; do
    total=$((total + $(ss -Hltn "sport = :$p" | awk '{ q += $2 } END { print q + 0 }') + $(ss -Htn exclude time-wait "dport = :$p" | wc -l)))
  done
  echo "$total"
}
overflows() { awk '/^TcpExt:/ { if (!n) { for (i = 1; i <= NF; i++) if ($i == "ListenOverflows") c = i; n = 1 } else print $c }' /proc/net/netstat; }

pids=() dirs=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "${dirs[@]}"; }
trap cleanup EXIT

declare -A url
if [[ $anchors == *kestrel* ]]; then
  source_dir=$here/anchors/kestrel-minimal
  if [[ ! -x $cache/kestrel-minimal/KestrelMinimal || $source_dir/Program.cs -nt $cache/kestrel-minimal/KestrelMinimal ]]; then
    dotnet publish "$source_dir" -c Release -o "$cache/kestrel-minimal" >/dev/null
  fi
  p=$(free_port); "$cache/kestrel-minimal/KestrelMinimal" "$p" >/dev/null 2>&1 & pids+=($!)
  url[kestrel-minimal]=http://127.0.0.1:$p/web/health
fi
if [[ $anchors == *gunicorn* ]]; then
  p=$(free_port)
  (cd "$here/anchors/wsgi" && exec /usr/bin/python3 -m gunicorn -w "$workers" -b "127.0.0.1:$p" --log-level warning app:application) >/dev/null 2>&1 & pids+=($!)
  url[gunicorn-sync-$workers]=http://127.0.0.1:$p/web/health
fi
if [[ $anchors == *werkzeug* ]]; then
  p=$(free_port)
  (cd "$here/anchors/wsgi" && exec /usr/bin/python3 app.py "$p") >/dev/null 2>&1 & pids+=($!)
  url[werkzeug-thread]=http://127.0.0.1:$p/web/health
fi
if [[ $anchors == *nginx* ]]; then
  p=$(free_port); d=$(mktemp -d); dirs+=("$d")
  cat >"$d/nginx.conf" <<CONF
worker_processes 2; daemon off; pid $d/nginx.pid; error_log $d/error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$p; location / { default_type application/json; return 200 '{"status": "pass"}'; } } }
CONF
  nginx -c "$d/nginx.conf" >/dev/null 2>&1 & pids+=($!)
  url[nginx]=http://127.0.0.1:$p/web/health
fi
for u in "${url[@]}"; do wait_up "$u"; done
curl -fsS -o /dev/null "$target" || { echo "target does not answer: $target" >&2; exit 1; }

hdr=(-H "Connection: close"); ((keepalive)) && hdr=()
out=$(mktemp); dirs+=("$out")
settle() {  # until no server has a connection waiting, and ListenOverflows stood still for 1 s (90 s at most)
  local ports=() u last now still=0 i
  for u in "$target" "${url[@]}"; do ports+=("$(port_of "$u")"); done
  last=$(overflows)
  for ((i = 0; i < 900 && still < 10; i++)); do
    sleep 0.1
    now=$(overflows)
    if [[ $now == "$last" && $(queued "${ports[@]}") == 0 ]]; then still=$((still + 1)); else still=0; fi
    last=$now
  done
  ((still >= 10)) || echo "# note: connections still pending 90 s after a run; overflows may be another server's" >&2
}
measure() {  # NAME URL: one wrk run with the probe beside it; appends "name rps errors probe... overflows"
  local before r rps err probe
  settle
  before=$(overflows)
  /usr/bin/python3 "$here/connect-probe.py" "$2" "$secs" >"$out.probe" &
  r=$(wrk -t1 -c"$conns" -d"${secs}s" "${hdr[@]}" "$2" 2>&1)
  wait $!
  ss -K -tn "dport = :$(port_of "$2")" >/dev/null 2>&1 || true  # the run's leftover client sockets (root only)
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$r")
  err=$(awk '/Socket errors/{gsub(",",""); e+=$4+$6+$8+$10} /Non-2xx/{e+=$NF} END{print e+0}' <<<"$r")
  echo "$1 ${rps:-0} ${err:-0} $(cat "$out.probe") $(( $(overflows) - before ))" >>"$out"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 1; i <= rounds; i++)); do
  measure target "$target"
  for n in "${!url[@]}"; do measure "$n" "${url[$n]}"; done
done
mode="Connection: close"; ((keepalive)) && mode="keep-alive"
echo "# $rounds rounds x ${secs}s, wrk -t1 -c$conns, $mode, $(nproc) cores, load average $load_before -> $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$out" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, rps, errors, probes, failed, p50, p99, worst, overflows = line.split()
    rows.setdefault(name, []).append((float(rps), int(errors), int(failed), float(p99), float(worst), int(overflows)))
target = rows.pop("target")
print(f"{'server':18} {'req/s median':>12} {'errors':>7} {'probe p99 ms':>13} {'max ms':>8} {'overflows':>10} {'target/this [range]':>22}")
def line(name, rs, ratio=""):
    med = statistics.median(r[0] for r in rs)
    print(f"{name:18} {med:12.0f} {sum(r[1] + r[2] for r in rs):7d} {statistics.median(r[3] for r in rs):13.1f} "
          f"{max(r[4] for r in rs):8.1f} {sum(r[5] for r in rs):10d} {ratio:>22}")
line("target", target)
for name, rs in sorted(rows.items()):
    ratios = [t[0] / r[0] for t, r in zip(target, rs) if r[0] > 0]
    line(name, rs, f"{statistics.median(ratios):.2f} [{min(ratios):.2f}-{max(ratios):.2f}]" if ratios else "-")
PY
