#!/usr/bin/env bash
# Idle realtime connections: hold N idle subscribers on the longpolling worker (websockets, then long-polls),
# broadcast one message to all of them, and report the worker's resident memory (VmRSS) and the delivery latency
# p50/p99/max from the publishing request; then the same long-polls against a minimal gevent server
# (bench/gevent_longpoll.py: what Odoo's evented process is built on) when python3-gevent is installed.
# The client is tools/LongPollingBench, run with inline socket completions (its receive work stays on the socket
# thread, so it takes less of the cores it shares with the server; LONGPOLLING_BENCH_CLIENT_ENV overrides); the same
# client measures gevent. Subscribers keep their connections until every one got the message
# (LONGPOLLING_BENCH_CLOSE_AT_ONCE=1 in LONGPOLLING_BENCH_CLIENT_ENV: each closes as soon as it got it).
# Quote the figures with the machine load printed for each run: this machine is shared.
#
# usage: bench/longpolling.sh [-n CONNECTIONS] [-m "ws poll gevent"] [-b BINARY] [-a "MORE MINI-ODOO ARGS"]
#   -b  the mini-odoo binary (default: artifacts/native/mini-odoo if published, else a Release build)
set -euo pipefail
source "$(dirname "$0")/require.sh"
require curl
require python3
n=10000 modes="ws poll gevent" binary="" extra=""
client_env="env ${LONGPOLLING_BENCH_CLIENT_ENV-DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1}"
while getopts "n:m:b:a:" o; do
  case $o in
    n) n=$OPTARG ;; m) modes=$OPTARG ;; b) binary=$OPTARG ;; a) extra=$OPTARG ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z $binary ]]; then
  if [[ -x $root/artifacts/native/mini-odoo ]]; then
    binary=$root/artifacts/native/mini-odoo
  else
    dotnet build "$root/src/MiniOdooServer" -c Release >/dev/null
    binary=$root/src/MiniOdooServer/bin/Release/net10.0/mini-odoo
  fi
fi
# Every connection is a descriptor in the server and one in the client: raise the soft limit to the hard one
# (20,000 here), for this shell and so for the servers and the client it starts.
ulimit -n "$(ulimit -Hn)"
(( n + 100 <= $(ulimit -n) )) || { echo "open-files limit $(ulimit -n) is too low for $n connections" >&2; exit 2; }

work=$(mktemp -d)
pid=""
stop() { [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap 'stop; rm -rf "$work"' EXIT
dotnet build "$root/tools/LongPollingBench" -c Release -o "$work/tool" >/dev/null
tool=$work/tool/LongPollingBench
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Two different free ports at once (two separate probes may return the same one).
free_ports() { /usr/bin/python3 -c 'import socket; a=socket.socket(); b=socket.socket(); a.bind(("127.0.0.1",0)); b.bind(("127.0.0.1",0)); print(a.getsockname()[1], b.getsockname()[1])'; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, load: $(uptime | sed 's/.*load average: //'), $n connections, $binary"

# mini MODE: a prefork mini-odoo (1 HTTP worker + the longpolling worker); subscribers on gevent_port, the
# broadcast published through the HTTP port (an HTTP worker), measured on the longpolling worker's VmRSS.
mini() {
  local port gport lp=""
  read -r port gport < <(free_ports)
  "$binary" --http-interface 127.0.0.1 -p "$port" --gevent-port "$gport" --workers 1 --max-cron-threads 0 \
    -D "$work/data-$1" --logfile "$work/mini-$1.log" --log-handler werkzeug:WARNING $extra &
  pid=$!
  for _ in $(seq 1 100); do
    lp=$(grep -oP 'Worker WorkerLongPolling \(\K\d+(?=\) alive)' "$work/mini-$1.log" 2>/dev/null | head -1) || true
    [[ -n $lp ]] && grep -q 'Bus.loop listening' "$work/mini-$1.log" && break
    sleep 0.1
  done
  [[ -n $lp ]] || { echo "the longpolling worker did not start:" >&2; cat "$work/mini-$1.log" >&2; exit 1; }
  echo "## mini-odoo, $1, longpolling worker $lp, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  $client_env "$tool" "$1" "127.0.0.1:$gport" "127.0.0.1:$port" "$n" "$lp" || echo "(not every subscriber got the message)"
  stop
}

for mode in $modes; do
  case $mode in
    ws|poll) mini "$mode" ;;
    gevent)
      if ! (require_python_module gevent python3-gevent); then
        echo "## gevent: skipped, python3-gevent is not installed (apt-get install python3-gevent)"; continue
      fi
      gport=$(free_port)
      /usr/bin/python3 "$root/bench/gevent_longpoll.py" "$gport" &
      pid=$!
      for _ in $(seq 1 100); do
        curl -fsS -o /dev/null -X POST -d '{"channel":"warmup","type":"t","payload":0}' "http://127.0.0.1:$gport/bus/send" 2>/dev/null && break
        sleep 0.1
      done
      echo "## gevent $(/usr/bin/python3 -c 'import gevent; print(gevent.__version__)'), poll, pid $pid, load: $(cut -d' ' -f1-3 /proc/loadavg)"
      $client_env "$tool" poll "127.0.0.1:$gport" "127.0.0.1:$gport" "$n" "$pid" || echo "(not every subscriber got the message)"
      stop
      ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
done
