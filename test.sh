#!/usr/bin/env bash
# Runs every GigStore test. On a fresh Debian machine with the .NET SDK it installs what the tests need
# (chromium, PostgreSQL 15, libvips, npm packages), starts its own PostgreSQL on 127.0.0.1, runs the unit,
# integration (SQLite and PostgreSQL) and browser tests, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
command -v npm >/dev/null || missing+=(npm)
ldconfig -p | grep 'libvips.so.42 ' >/dev/null || missing+=(libvips42)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A throwaway PostgreSQL 15 cluster on 127.0.0.1:55432, removed on exit.
pgbin=/usr/lib/postgresql/15/bin
pgdata=$(mktemp -d /tmp/gigstore-pg.XXXXXX)
pgport=${GIGSTORE_PG_PORT:-55432}
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdata"
cleanup() {
  pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdata"
}
trap cleanup EXIT
echo "== starting PostgreSQL 15 on 127.0.0.1:$pgport"
pg "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 >/dev/null
pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export GIGSTORE_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres"

if [ -f tests/GigStore.BrowserTests/package.json ]; then
  echo "== npm packages for the browser tests"
  (cd tests/GigStore.BrowserTests && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== building"
dotnet build GigStore.sln -c Release -warnaserror -nologo -v q
echo "== testing"
log=$(mktemp)
set +e
dotnet test GigStore.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain closing line over all test assemblies: "N passed, N failed".
awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ { f += $2; p += $4; s += $6 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
