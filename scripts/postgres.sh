#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers for the integration tests and prints the admin
# URL to use. Uses the one on 127.0.0.1:5432 when it answers; otherwise starts a
# throwaway cluster (trust auth, port 5433) under /tmp. Never skips: fails loudly.
set -euo pipefail

if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null \
   && psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:5432/postgres"
  exit 0
fi

dir=/tmp/opendps-test-postgres
port=5433
if ! pg_isready -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed and none answers on 127.0.0.1:5432; run scripts/install.sh" >&2
    exit 1
  fi
  run_as=()
  [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
  if [ ! -f "$dir/PG_VERSION" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    "${run_as[@]}" "$bin/initdb" -D "$dir" -U postgres -A trust >/dev/null
  fi
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" -w start >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
