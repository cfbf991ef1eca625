#!/usr/bin/env bash
# Throughput of mini-odoo on a trivial route (/web/health), each request on a new connection as Odoo's prefork
# workers serve, measured side by side with the anchors of bench/anchors.sh (a minimal Kestrel app, gunicorn sync
# workers of the same count, werkzeug's threaded server, nginx) in alternating rounds, with a connect-latency probe
# beside wrk. Quote the ratios: this machine is shared. Runs from a fresh clone (root installs what is missing).
#
# usage: bench/prefork.sh [-w WORKERS] [-d SECONDS] [-r ROUNDS] [-c CONNS] [-b BINARY]
#   -b  the mini-odoo binary (default: artifacts/native/mini-odoo if published, else a Release build)
set -euo pipefail
source "$(dirname "$0")/require.sh"
require curl
workers=2 secs=5 rounds=5 conns=32 binary=""
while getopts "w:d:r:c:b:" o; do
  case $o in
    w) workers=$OPTARG ;; d) secs=$OPTARG ;; r) rounds=$OPTARG ;; c) conns=$OPTARG ;; b) binary=$OPTARG ;;
    *) sed -n '2,8p' "$0"; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
anchors=$root/bench/anchors.sh
if [[ -z $binary ]]; then
  if [[ -x $root/artifacts/native/mini-odoo ]]; then
    binary=$root/artifacts/native/mini-odoo
  else
    dotnet build "$root/src/MiniOdooServer" -c Release >/dev/null
    binary=$root/src/MiniOdooServer/bin/Release/net10.0/mini-odoo
  fi
fi
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pid=""
stop() { [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap 'stop; rm -rf "$work"' EXIT

# run NAME ANCHORS MINI-ODOO-ARGS...: start mini-odoo, measure it beside the anchors, stop it.
run() {
  local name=$1 list=$2; shift 2
  local port; port=$(free_port)
  "$binary" --http-interface 127.0.0.1 -p "$port" --gevent-port "$(free_port)" --max-cron-threads 0 \
    -D "$work/data" --logfile "$work/$name.log" "$@" &
  pid=$!
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/web/health" 2>/dev/null && break; sleep 0.1; done
  echo "## $name ($*)"
  bash "$anchors" ${keepalive:-} -w "$workers" -d "$secs" -r "$rounds" -c "$conns" -a "$list" "http://127.0.0.1:$port/web/health"
  echo
  stop
}

echo "# mini-odoo: $binary"
run "prefork-$workers" kestrel,gunicorn,werkzeug,nginx --workers "$workers"
run "prefork-$workers-no-access-log" kestrel,gunicorn --workers "$workers" --log-handler werkzeug:WARNING
run threaded kestrel,werkzeug --workers 0
keepalive=-k
run threaded-keep-alive kestrel --workers 0
