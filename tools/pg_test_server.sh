#!/usr/bin/env bash
# Start a throw-away PostgreSQL 15 for the county-server tests and benchmarks; print its URL.
#   tools/pg_test_server.sh start    -> prints postgresql://zongzhi@127.0.0.1:PORT/postgres
#   tools/pg_test_server.sh status   -> exit status 0 when the cluster is running (prints nothing)
#   tools/pg_test_server.sh stop
# ZONGZHI_PG_PORT (default 54329) and ZONGZHI_PG_DIR (default /tmp/zongzhi-pg) choose another cluster.
# PostgreSQL refuses to run as root, so the cluster belongs to the `postgres` user (environment.md).
set -euo pipefail
PORT="${ZONGZHI_PG_PORT:-54329}"
DIR="$(realpath -m "${ZONGZHI_PG_DIR:-/tmp/zongzhi-pg}")"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$BIN" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
# `cd /`: su keeps the caller's folder, which the postgres user may not be allowed to enter.
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && su postgres -s /bin/sh -c "$*"); else sh -c "$*"; fi; }
running() { as_pg "$BIN/pg_ctl -D $DIR/data status" >/dev/null 2>&1; }

case "${1:-start}" in
    start)
        if [ ! -f "$DIR/data/PG_VERSION" ]; then
            mkdir -p "$DIR"
            if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
            as_pg "$BIN/initdb -D $DIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >$DIR/initdb.log 2>&1" \
                || { echo "initdb failed, see $DIR/initdb.log" >&2; exit 1; }
        fi
        if ! running; then
            as_pg "$BIN/pg_ctl -D $DIR/data -l $DIR/server.log -w -t 60 -o \"-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on\" start" >/dev/null \
                || { echo "PostgreSQL did not start, see $DIR/server.log:" >&2; tail -20 "$DIR/server.log" >&2; exit 1; }
        fi
        as_pg "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_roles WHERE rolname='zongzhi'\"" | grep -q 1 \
            || as_pg "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -qc \"CREATE ROLE zongzhi LOGIN SUPERUSER\""
        echo "postgresql://zongzhi@127.0.0.1:$PORT/postgres"
        ;;
    status)
        running
        ;;
    stop)
        as_pg "$BIN/pg_ctl -D $DIR/data -m fast stop" >/dev/null 2>&1 || true
        ;;
    *)
        echo "usage: tools/pg_test_server.sh start | status | stop" >&2
        exit 2
        ;;
esac
