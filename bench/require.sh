# Sourced by the bench scripts so that each runs from a fresh clone: a missing tool is installed from Debian when the
# script runs as root, else the script stops naming the package to install.

# `require COMMAND [DEBIAN_PACKAGE]`
require() {
  command -v "$1" >/dev/null 2>&1 || { install_package "${2:-$1}" && command -v "$1" >/dev/null 2>&1; } ||
    { echo "$(basename "$0") needs $1: apt-get install ${2:-$1}" >&2; exit 2; }
}

# `require_python_module MODULE DEBIAN_PACKAGE`, for Debian's python3
require_python_module() {
  /usr/bin/python3 -c "import $1" 2>/dev/null || { install_package "$2" && /usr/bin/python3 -c "import $1" 2>/dev/null; } ||
    { echo "$(basename "$0") needs Python's $1: apt-get install $2" >&2; exit 2; }
}

install_package() {
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
  echo "installing $1" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}
