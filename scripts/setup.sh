#!/usr/bin/env bash
# One-time, idempotent set-up behind the README's two commands: Node dependencies, and the
# system packages the run needs on this machine. With a container engine (or both database
# URLs given) the database servers come from there and are not installed.
set -euo pipefail
cd "$(dirname "$0")/.."

quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

# --- Node dependencies -------------------------------------------------------------------
stamp=node_modules/.cutover-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: installing Node dependencies (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

# --- System packages ---------------------------------------------------------------------
have() { command -v "$1" >/dev/null 2>&1; }
have_any() { for c in "$@"; do have "$c" && return 0; [ -x "$c" ] && return 0; done; return 1; }

container_engine=0
if have docker && timeout 5 docker info >/dev/null 2>&1; then container_engine=1; fi
urls_given=0
if [ -n "${LEGACY_DATABASE_URL:-}" ] && [ -n "${TARGET_DATABASE_URL:-}" ]; then urls_given=1; fi

need=()
have_any chromium chromium-browser google-chrome "${CUTOVER_CHROMIUM:-/nonexistent}" || need+=(chromium)
have pdftoppm || need+=(poppler-utils)
# (captured first: grep -q would close the pipe early and pipefail would call that a miss)
fonts=$(fc-list : family 2>/dev/null || true)
grep -qi 'Noto Sans Bengali' <<<"$fonts" || need+=(fonts-noto-core)
have sqlite3 || need+=(sqlite3)
if [ "$container_engine" = 0 ] && [ "$urls_given" = 0 ]; then
  have_any mariadbd mysqld /usr/sbin/mariadbd /usr/sbin/mysqld || need+=(mariadb-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || have initdb || need+=(postgresql)
fi

if [ "${#need[@]}" -gt 0 ]; then
  if ! have apt-get; then
    echo "setup: missing ${need[*]}; install them with your package manager (or start Docker for the databases)." >&2
    exit 2
  fi
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if have sudo; then sudo="sudo"; else
      echo "setup: missing ${need[*]}; run as root or install them: apt-get install ${need[*]}" >&2
      exit 2
    fi
  fi
  echo "setup: installing ${need[*]} (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  # Debian's packages try to start their services; a throwaway harness starts its own.
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  say "installed ${need[*]}"
fi
say "ready (container engine: $([ "$container_engine" = 1 ] && echo yes || echo no))"
