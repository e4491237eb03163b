#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and trials.
#
#   scripts/postgres.sh install       install Debian's postgresql if initdb is missing
#   scripts/postgres.sh start DIR     new cluster in DIR (created), listening on
#                                     127.0.0.1:<free port> and a socket in DIR; prints the
#                                     connection URL and writes it to DIR/url
#   scripts/postgres.sh url DIR       print the URL of the cluster in DIR
#   scripts/postgres.sh stop DIR      stop the cluster in DIR (the files stay; rm -rf DIR)
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
# system user (created by the Debian package), else to `nobody`. The superuser is
# `postgres` with trust authentication on loopback only: for throwaway test data.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

pg_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  return 1
}

install() {
  if pg_bindir >/dev/null; then return; fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; run as root: apt-get install postgresql"
  echo "postgres.sh: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  pg_bindir >/dev/null || die "installed postgresql but found no initdb"
}

owner() {
  if [ "$(id -u)" != 0 ]; then id -un; return; fi
  if id postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

as_owner() {  # run a command as the cluster's owner
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port found"
}

start() {
  local dir=${1:?usage: postgres.sh start DIR}
  install
  local bin user port
  bin=$(pg_bindir)
  user=$(owner)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -f "$dir/url" ] && as_owner "$user" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
  then
    cat "$dir/url"; return
  fi
  [ "$(id -u)" = 0 ] && chown "$user" "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$user" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_owner "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    then
      echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
      chmod 644 "$dir/url"
      cat "$dir/url"
      return
    fi
    echo "postgres.sh: start on port $port failed (attempt $attempt)" >&2
  done
  cat "$dir/server.log" >&2 || true
  die "could not start PostgreSQL in $dir"
}

stop() {
  local dir=${1:?usage: postgres.sh stop DIR}
  local bin
  bin=$(pg_bindir) || die "PostgreSQL is not installed"
  [ -d "$dir/data" ] || die "no cluster in $dir"
  as_owner "$(owner)" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  rm -f "$dir/url"
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" ;;
  url) cat "${2:?usage: postgres.sh url DIR}/url" ;;
  stop) stop "${2:-}" ;;
  *) die "usage: postgres.sh install | start DIR | url DIR | stop DIR" ;;
esac
