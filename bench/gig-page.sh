#!/usr/bin/env bash
# Gig page throughput (BENCHMARKS.md, "Gig page throughput"): starts the store the way ./run.sh does
# (Release publish, Production, SQLite, the marketplace demo catalogue) with its own App_Data on its own
# port, warms it up, then runs wrk with 50 connections against a gig page and a category page, and
# stops it again. Prints requests/s, latency percentiles, the server's CPU time per request and the
# load average seen (wrk runs on the same cores; other work on the machine shows in the figures).
#
#   bench/gig-page.sh                      # 20 s warm-up, then 3 runs of 30 s per page on 127.0.0.1:5180
#   RUNS=5 DURATION=20 PORT=5190 bench/gig-page.sh
#   WEB_DIR=/path/to/published/host bench/gig-page.sh   # an already published host instead of ./run.sh
#
# Needs wrk (Debian: apt-get install wrk). Sends requests to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-5180}
runs=${RUNS:-3}
duration=${DURATION:-30}
warmup=${WARMUP:-20}
gig=${GIG:-/gigs/i-will-plan-an-seo-strategy-for-your-online-shop}
category=${CATEGORY:-/categories/seo}
base=http://127.0.0.1:$port

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
if curl -s -o /dev/null "$base/health/live"; then
  echo "something already listens on port $port; choose another with PORT=" >&2
  exit 1
fi

data=$(mktemp -d /tmp/gigstore-bench.XXXXXX)
if [ -n "${WEB_DIR:-}" ]; then
  (cd "$WEB_DIR" && ASPNETCORE_ENVIRONMENT=Production GigStore__AppDataPath="$data" exec dotnet GigStore.Web.dll --urls "$base") >"$data/server.log" 2>&1 &
else
  GIGSTORE_URLS=$base GigStore__AppDataPath="$data" ./run.sh >"$data/server.log" 2>&1 &
fi
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT

echo "== starting the store on $base (App_Data $data)"
for _ in $(seq 1 300); do
  if curl -sf -o /dev/null "$base/health"; then break; fi
  if ! kill -0 $server 2>/dev/null; then cat "$data/server.log" >&2; exit 1; fi
  sleep 1
done
curl -sf -o /dev/null "$base$gig" || { echo "$base$gig does not answer 200" >&2; exit 1; }

# run.sh ends in exec, so $server is the host process itself.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
ticks_per_second=$(getconf CLK_TCK)

measure() {
  local name=$1 path=$2
  echo "== $name: $path ($(curl -s -o /dev/null -w '%{size_download}' "$base$path") bytes)"
  wrk -t2 -c50 -d"${warmup}s" "$base$path" >/dev/null   # warm-up: JIT tiers, caches, connection pool
  for run in $(seq 1 "$runs"); do
    local before after out requests
    before=$(cpu_ticks)
    out=$(wrk -t2 -c50 -d"${duration}s" --latency "$base$path")
    after=$(cpu_ticks)
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    printf '%s run %d: %8s req/s  p50 %8s  p90 %8s  p99 %8s  server CPU %s ms/request  errors %s  load %s\n' \
      "$name" "$run" \
      "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
      "$(echo "$out" | awk '$1 == "50%" {print $2}')" \
      "$(echo "$out" | awk '$1 == "90%" {print $2}')" \
      "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
      "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$ticks_per_second" 'BEGIN { printf "%.3f", t * 1000 / hz / n }')" \
      "$(echo "$out" | awk '/Non-2xx|Socket errors/ {e = e $0 " "} END {print (e == "" ? "none" : e)}')" \
      "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
}

measure "gig page" "$gig"
measure "category page" "$category"
