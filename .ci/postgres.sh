# Starts and stops a throwaway PostgreSQL cluster (sourced by .ci/run and scripts/bench).
# Needs Debian's `postgresql` package; runs the server as the `postgres` user.
PGPORT="${PGPORT:-55432}"
pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pg_start() {
  local bin; bin="$(pg_bin)"
  # Another cluster (a developer's) may hold the port: take the next free one.
  while ! port_free "$PGPORT"; do PGPORT=$((PGPORT + 1)); done
  PGDATA="$(mktemp -d /tmp/ocop-pg.XXXXXX)"
  chown postgres:postgres "$PGDATA"
  su postgres -s /bin/sh -c "'$bin/initdb' -D '$PGDATA' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
  su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$PGDATA' -l '$PGDATA/server.log' -w \
    -o \"-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >/dev/null
}
pg_stop() {
  [ -n "${PGDATA:-}" ] || return 0
  su postgres -s /bin/sh -c "'$(pg_bin)/pg_ctl' -D '$PGDATA' -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
