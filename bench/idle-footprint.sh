#!/usr/bin/env bash
# Idle resident memory of every process of the native mini-odoo in prefork mode (master, 1 HTTP worker, 1 cron
# worker, the longpolling worker): starts it from an empty directory on free ports, waits until every worker said it
# is alive, lets it idle a few seconds, reads VmRSS, RssAnon and RssFile from /proc/PID/status and the private memory
# (USS: Private_Clean + Private_Dirty of /proc/PID/smaps_rollup, what one more such process costs), printed in MB of
# 10^6 bytes, the unit of the goals in docs/footprint.md; with -l, again after that many seconds of wrk on /web/health (the
# HTTP worker's figures after load). Stops it by its pid. With several -b, the binaries run in alternating rounds and
# each figure is the median of the rounds (this machine is shared).
#
# usage: bench/idle-footprint.sh [-b BINARY]... [-r ROUNDS] [-s IDLE_SECONDS] [-l LOAD_SECONDS]
#   -b  a mini-odoo binary (repeatable; default: artifacts/native/mini-odoo)
#   -r  rounds per binary (default 3)   -s  seconds idle after the last worker is alive (default 4)
#   -l  seconds of load after the idle figures (default 0: none)
set -euo pipefail
source "$(dirname "$0")/require.sh"
require wrk
binaries=() rounds=3 idle=4 load=0
while getopts "b:r:s:l:" o; do
  case $o in
    b) binaries+=("$OPTARG") ;; r) rounds=$OPTARG ;; s) idle=$OPTARG ;; l) load=$OPTARG ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
[[ ${#binaries[@]} -gt 0 ]] || binaries=("$root/artifacts/native/mini-odoo")
for i in "${!binaries[@]}"; do
  [[ -x ${binaries[$i]} ]] || { echo "not an executable: ${binaries[$i]}" >&2; exit 2; }
  binaries[$i]=$(realpath "${binaries[$i]}") # the runs start in an empty directory of their own
done

# two_free_ports: two distinct free ports (both held while chosen, so they differ).
two_free_ports() {
  /usr/bin/python3 -c 'import socket; s=[socket.socket() for _ in range(2)]; [x.bind(("127.0.0.1",0)) for x in s]; print(*[x.getsockname()[1] for x in s])'
}
work=$(mktemp -d)
pid=""
stop() { [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap 'stop; [[ -n ${KEEP:-} ]] && cat "$work/rows"; rm -rf "$work"' EXIT
roles=(master http cron longpolling)
((load > 0)) && roles+=(http-loaded)

# kb PID FIELD: a field of /proc/PID/status in kB.
kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
# uss PID: private memory in kB.
uss() { awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s }' "/proc/$1/smaps_rollup"; }

# measure INDEX ROUND: one run of binary INDEX; appends "index role vmrss rssanon rssfile" lines (kB) to $work/rows.
measure() {
  local index=$1 round=$2 binary=${binaries[$1]}
  local log=$work/run-$index-$round.log port gevent_port; read -r port gevent_port < <(two_free_ports)
  "$binary" --workers 1 --max-cron-threads 1 --http-interface 127.0.0.1 -p "$port" --gevent-port "$gevent_port" \
    -D "$work/data-$index-$round" --logfile "$log" &
  pid=$!
  local -A pids=()
  for _ in $(seq 1 300); do
    if [[ -f $log ]]; then
      pids[master]=$(awk 'NR == 1 { print $3 }' "$log")
      pids[http]=$(sed -n 's/.*Worker WorkerHTTP (\([0-9]*\)) alive.*/\1/p' "$log")
      pids[cron]=$(sed -n 's/.*Worker WorkerCron (\([0-9]*\)) alive.*/\1/p' "$log")
      pids[longpolling]=$(sed -n 's/.*Worker WorkerLongPolling (\([0-9]*\)) alive.*/\1/p' "$log")
      [[ -n ${pids[master]} && -n ${pids[http]} && -n ${pids[cron]} && -n ${pids[longpolling]} ]] && break
    fi
    sleep 0.1
  done
  for role in master http cron longpolling; do
    [[ -n ${pids[$role]:-} ]] || { echo "$binary: no $role process alive after 30 s; log:" >&2; cat "$log" >&2 || true; exit 1; }
  done
  sleep "$idle" # no request: what a worker holds before its first one
  for role in master http cron longpolling; do
    local p=${pids[$role]}
    echo "$index $role $(kb "$p" VmRSS) $(kb "$p" RssAnon) $(kb "$p" RssFile) $(uss "$p")" >> "$work/rows"
  done
  if ((load > 0)); then
    wrk -t1 -c32 -d"${load}s" -H 'Connection: close' "http://127.0.0.1:$port/web/health" >/dev/null
    sleep "$idle"
    local p=${pids[http]}
    echo "$index http-loaded $(kb "$p" VmRSS) $(kb "$p" RssAnon) $(kb "$p" RssFile) $(uss "$p")" >> "$work/rows"
  fi
  stop
}

: > "$work/rows"
mkdir "$work/cwd" && cd "$work/cwd" # an empty working directory: what the processes do not depend on where they start
for round in $(seq 1 "$rounds"); do
  for index in "${!binaries[@]}"; do measure "$index" "$round"; done
done

echo "# idle footprint, MB = 10^6 bytes (median of $rounds, $idle s after the last worker is alive), $(date -u '+%Y-%m-%d %H:%M UTC')"
for index in "${!binaries[@]}"; do echo "# [$index] ${binaries[$index]}"; done
printf '%-12s' process
for index in "${!binaries[@]}"; do printf '  %-29s' "[$index] VmRSS/Anon/File/USS"; done
echo
for role in "${roles[@]}"; do
  printf '%-12s' "$role"
  for index in "${!binaries[@]}"; do
    printf '  %-29s' "$(awk -v i="$index" -v r="$role" '$1 == i && $2 == r { n++; v[n] = $3; a[n] = $4; f[n] = $5; u[n] = $6 }
      function median(x, k, t, j) { for (k = 1; k <= n; k++) for (j = k + 1; j <= n; j++) if (x[j] < x[k]) { t = x[k]; x[k] = x[j]; x[j] = t }
        return x[int((n + 1) / 2)] * 1024 / 1e6 }
      END { printf "%.1f / %.1f / %.1f / %.1f", median(v), median(a), median(f), median(u) }' "$work/rows")"
  done
  echo
done
