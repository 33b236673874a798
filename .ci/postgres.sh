#!/usr/bin/env bash
# Source me (as root): a real PostgreSQL for the store tests, started as the postgres user in a fresh data
# directory on a free local port, and CLAUSEWISE_TEST_PG_URL pointing at it. Idempotent: when
# CLAUSEWISE_TEST_PG_URL is already set and answers, that server is used as it is. Installs the Debian
# 'postgresql' package when no server binaries are found. 'clausewise_pg_stop' stops what this started.

clausewise_pg_start() {
    if [[ -n "${CLAUSEWISE_TEST_PG_URL:-}" ]] && command -v psql >/dev/null 2>&1 \
        && psql "${CLAUSEWISE_TEST_PG_URL/+psycopg/}" -Atqc "select 1" >/dev/null 2>&1; then
        echo "CI: using the PostgreSQL at CLAUSEWISE_TEST_PG_URL"
        return 0
    fi
    local bindir
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
        echo "installing: postgresql"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    # a free port: let the kernel pick one
    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    CLAUSEWISE_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/clausewise-ci-pg.XXXXXX")"
    chown postgres: "$CLAUSEWISE_PG_DIR"
    local as_postgres=(runuser -u postgres --)
    [[ "$(id -u)" == "$(id -u postgres 2>/dev/null || echo x)" ]] && as_postgres=()
    "${as_postgres[@]}" "$bindir/initdb" -D "$CLAUSEWISE_PG_DIR/data" -A trust -U postgres -E UTF8 \
        --locale=C.UTF-8 >/dev/null
    "${as_postgres[@]}" "$bindir/pg_ctl" -D "$CLAUSEWISE_PG_DIR/data" -l "$CLAUSEWISE_PG_DIR/log" -w -t 60 \
        -o "-p $port -k $CLAUSEWISE_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" \
        start >/dev/null
    CLAUSEWISE_PG_CTL="$bindir/pg_ctl"
    export CLAUSEWISE_PG_DIR CLAUSEWISE_PG_CTL
    export CLAUSEWISE_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    echo "CI: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

clausewise_pg_stop() {
    if [[ -n "${CLAUSEWISE_PG_DIR:-}" && -d "$CLAUSEWISE_PG_DIR/data" ]]; then
        runuser -u postgres -- "$CLAUSEWISE_PG_CTL" -D "$CLAUSEWISE_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$CLAUSEWISE_PG_DIR"
    fi
}
