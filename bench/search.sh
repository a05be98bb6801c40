#!/usr/bin/env bash
# Search benchmark (BENCHMARKS.md, "Search"): a store with a generated catalogue of GIGS gigs, then
#   1. full index rebuild (the search-rebuild command): gigs/s
#   2. results page: text + 2 filters + facets, 24 results, 50 connections, 500 different searches from
#      the index (each with results): requests/s and p50/p95/p99
#   3. the same searches through /api/search (JSON, no page rendering)
#   4. autocomplete (/search/suggest) for 2–5 letter prefixes of the same words, 8 connections
#   5. raw FTS5 time of the same searches' text (plan + MATCH with bm25, every match read), no HTTP
#   6. index lag: live edits through the catalogue (outbox) until the search API finds them
#   7. the results page load again while step 6 runs beside it (live edits during searches)
#
#   GIGS=100000 bench/search.sh           # default 100,000; GIGS=1000000 for a million
#   DURATION=30 RUNS=2 PORT=5181 KEEP=1 bench/search.sh   # KEEP=1 keeps the App_Data folder for another run
#   DATA=/tmp/gigstore-search.XXXX bench/search.sh       # reuse a generated store (skips set-up and generation)
#
# Needs wrk. Sends requests to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

gigs=${GIGS:-100000}
port=${PORT:-5181}
runs=${RUNS:-2}
duration=${DURATION:-30}
warmup=${WARMUP:-15}
base=http://127.0.0.1:$port
web=$root/artifacts/web

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
if curl -s -o /dev/null "$base/health/live"; then
  echo "something already listens on port $port; choose another with PORT=" >&2
  exit 1
fi

echo "== building"
dotnet publish src/GigStore.Web -c Release -o "$web" --nologo -v q
dotnet build bench/GigStore.DataGen -c Release --nologo -v q
dotnet build bench/GigStore.SearchBench -c Release --nologo -v q
datagen=$root/bench/GigStore.DataGen/bin/Release/net10.0/GigStore.DataGen
searchbench=$root/bench/GigStore.SearchBench/bin/Release/net10.0/GigStore.SearchBench

server=
start_server() {
  (cd "$web" && ASPNETCORE_ENVIRONMENT=Production GigStore__AppDataPath="$data" exec dotnet GigStore.Web.dll --urls "$base") >>"$data/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "$base/health"; then return; fi
    if ! kill -0 $server 2>/dev/null; then tail -20 "$data/server.log" >&2; exit 1; fi
    sleep 1
  done
  echo "the store did not start" >&2; exit 1
}
stop_server() { kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; server=; }

if [ -n "${DATA:-}" ]; then
  data=$DATA
else
  data=$(mktemp -d /tmp/gigstore-search.XXXXXX)
  echo "== setting up the default tenant (App_Data $data)"
  start_server
  stop_server
  echo "== generating $gigs gigs"
  "$datagen" --app-data "$data" --gigs "$gigs"
fi
trap 'stop_server; if [ -z "${KEEP:-}${DATA:-}" ]; then rm -rf "$data"; else echo "App_Data kept in $data"; fi' EXIT

echo "== 1. full index rebuild"
(cd "$web" && ASPNETCORE_ENVIRONMENT=Production GigStore__AppDataPath="$data" GigStore__RunBackgroundJobs=false dotnet GigStore.Web.dll search-rebuild) | tail -1
ls -la "$data/Sites/Default/search/" | awk '/gigs-.*\.db$/ {printf "index file %s: %.0f MB\n", $9, $5 / 1048576}'

start_server
"$searchbench" queries --app-data "$data" --count 500 > "$data/search-paths.txt"
sed 's#^/search#/api/search#' "$data/search-paths.txt" > "$data/api-paths.txt"
# Prefixes of 2–5 letters of the searches' first words, as typed into the box.
awk -F'[=&+]' '{ w = $2; for (n = 2; n <= 5 && n <= length(w); n++) print "/search/suggest?q=" substr(w, 1, n) }' "$data/search-paths.txt" | sort -u > "$data/suggest-paths.txt"
echo "example: $(head -1 "$data/search-paths.txt") → $(curl -s "$base$(head -1 "$data/api-paths.txt")" | grep -o '"total":[0-9]*')"

run() {
  local name=$1 file=$2 connections=$3
  PATHS=$file wrk -t2 -c"$connections" -d"${warmup}s" -s bench/paths.lua "$base" >/dev/null
  for r in $(seq 1 "$runs"); do
    printf '%-22s run %d: %s  load %s\n' "$name" "$r" "$(PATHS=$file wrk -t2 -c"$connections" -d"${duration}s" -s bench/paths.lua "$base" | tail -1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
}

echo "== 2.–4. load (wrk on the same 2 cores as the store)"
run "results page" "$data/search-paths.txt" 50
run "search API" "$data/api-paths.txt" 50
run "autocomplete" "$data/suggest-paths.txt" 8

echo "== 5. raw FTS5"
"$searchbench" fts --app-data "$data" --paths "$data/search-paths.txt"

echo "== 6. index lag"
"$searchbench" lag --app-data "$data" --url "$base" --samples 40

echo "== 7. results page while 40 gigs are published and searched for (the lag tool runs beside the load)"
"$searchbench" lag --app-data "$data" --url "$base" --samples 40 > "$data/lag-under-load.txt" &
lag=$!
printf '%-22s %s\n' "results page, edits" "$(PATHS=$data/search-paths.txt wrk -t2 -c50 -d"${duration}s" -s bench/paths.lua "$base" | tail -1)"
wait $lag
echo "during that load: $(cat "$data/lag-under-load.txt")"
