#!/usr/bin/env bash
# The hostile-client suite of issue 13 (see bench/hostile/README.md): slowloris (idle, dripping), slow bodies,
# descriptor exhaustion, a websocket message flood, malformed requests and frames, fuzzed configuration files,
# password guessing — each beside legitimate traffic, one table of figures at the end.
#
# usage: bench/hostile/run.sh [-b BINARY] [--quick] [-o FILE] [-s 1,2,...] [-k] [--seed N]
#   -b       the mini-odoo binary (default artifacts/native/mini-odoo, published first if missing)
#   --quick  every scenario smaller: 50 attackers, 20 legitimate requests (under 2 minutes)
#   -o FILE  also write the summary table to FILE
#   -s LIST  only these scenarios (numbers 1-9)
#   -k       keep the work directory with the server logs
# Python 3.11 standard library only; traffic to 127.0.0.0/8 only; the servers run in their own process groups
# and are stopped by those groups.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary="" args=()
while (($#)); do
  case $1 in
    -b) binary=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ -z $binary ]]; then
  binary=$root/artifacts/native/mini-odoo
  if [[ ! -x $binary ]]; then
    echo "# publishing the native binary (a few minutes): dotnet publish src/MiniOdooServer -c Release -o artifacts/native" >&2
    dotnet publish "$root/src/MiniOdooServer" -c Release -o "$root/artifacts/native" >&2
  fi
fi
[[ -x $binary ]] || { echo "no executable mini-odoo at $binary" >&2; exit 2; }
py=$(command -v python3.11 || command -v python3)
"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or later is needed" >&2; exit 2; }

PYTHONPATH=$here${PYTHONPATH:+:$PYTHONPATH} exec "$py" -m hostile -b "$binary" "${args[@]}"
