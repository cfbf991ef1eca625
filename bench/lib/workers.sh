# Helpers shared by the benchmarks that look at a prefork server's HTTP workers (source it).

# The pids of a master's HTTP workers (children started with --role http).
http_workers_of() {
  local list=() child
  for child in $(pgrep -P "$1"); do
    tr '\0' ' ' < "/proc/$child/cmdline" 2>/dev/null | grep -q -- '--role http' && list+=("$child")
  done
  echo "${list[@]}"
}

# Waits (up to 30 s) until MASTER has COUNT HTTP workers and PORT answers /web/health.
wait_for_http_workers() {
  local master=$1 port=$2 count=$3 workers
  for _ in $(seq 1 300); do
    workers=($(http_workers_of "$master"))
    [[ ${#workers[@]} -eq $count ]] && curl -fsS -o /dev/null "http://127.0.0.1:$port/web/health" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# utime + stime of the given pids, in clock ticks.
cpu_ticks() {
  local total=0 stat p
  for p in "$@"; do read -r -a stat < "/proc/$p/stat"; total=$((total + stat[13] + stat[14])); done
  echo $total
}
