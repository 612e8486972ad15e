#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the storage tests.
#   test-postgres.sh start   starts it (or finds it running) and prints its URL on stdout
#   test-postgres.sh stop    stops it and deletes its files
# Durability is switched off: the data is thrown away anyway and the tests run much faster.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${MOTCUA_TEST_PG_DIR:-/tmp/motcua-test-pg}
DB=motcua_test

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgresql://postgres@127.0.0.1:$(cat "$DIR/port")/$DB"; }

running() {
  [ -f "$DIR/port" ] && as_postgres "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  if running; then url; return; fi
  stop_cluster
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
  local port
  for port in $(seq 55432 55531) ''; do
    if [ -n "$port" ] && port_free "$port"; then break; fi
  done
  if [ -z "$port" ]; then echo "test-postgres: no free port" >&2; exit 1; fi
  as_postgres "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
  as_postgres "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
    -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=200" start >/dev/null ||
    { cat "$DIR/server.log" >&2; exit 1; }
  as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB"
  echo "$port" >"$DIR/port"
  url
}

stop_cluster() {
  if [ -d "$DIR/data" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop_cluster ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
