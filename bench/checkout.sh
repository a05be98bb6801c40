#!/usr/bin/env bash
# Checkout benchmark (BENCHMARKS.md, "Checkout"): publishes and starts the store (Release, Production, SQLite,
# the marketplace recipe with the test provider) on its own App_Data and port, then runs
# bench/GigStore.CheckoutBench: BUYERS buyers buying one gig after another for DURATION seconds. Prints
# checkouts/s, the checkout API's server time without the provider's call (Server-Timing), the round trip,
# the store's CPU time per checkout, and duplicate or lost orders; exits non-zero if there were any.
#
#   bench/checkout.sh                                  # 50 buyers, 40 s warm-up, 30 s measured, port 5182
#
# The warm-up is long because the host is: with tiered compilation, methods that run often are compiled again
# (instrumented, then optimized) over the first half minute or so under load; measured from 10 s, the JIT
# still took a sixth of the CPU.
#   BUYERS=100 DURATION=60 PORT=5190 bench/checkout.sh
#   CLEAN=1 bench/checkout.sh                          # delete the run's App_Data at the end (kept by default: see below)
#
# Sends requests to 127.0.0.x only (buyers sign up from several loopback addresses: sign-up is rate limited per address).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${PORT:-5182}
base=http://127.0.0.1:$port
web=$root/artifacts/web

if curl -s -o /dev/null "$base/health/live"; then
  echo "something already listens on port $port; choose another with PORT=" >&2
  exit 1
fi

echo "== building"
dotnet publish src/GigStore.Web -c Release -o "$web" --nologo -v q
dotnet build bench/GigStore.CheckoutBench -c Release --nologo -v q

# App_Data on disk, outside /tmp (the tests create and delete thousands of files there). Each purchase writes two
# emails into the pickup folder, and on a journal-less ext4 (this VM's) creating a file soon after many were deleted
# nearby cost up to 1 ms of CPU instead of 30 µs, for minutes (BENCHMARKS.md): the probe below shows what creating one
# costs here, and a run's App_Data (some 30,000 files) is kept unless CLEAN=1, so deleting it does not slow the next run.
mkdir -p "$root/artifacts"
data=$(mktemp -d "$root/artifacts/checkout-data.XXXXXX")
mkdir "$data/probe"
probe=$(date +%s%N); for i in $(seq 1 500); do : >"$data/probe/$i"; done; probe=$(( ($(date +%s%N) - probe) / 500000 ))
echo "== creating a file in App_Data takes ${probe} µs (about 30 on an idle disk)"
(cd "$web" && ASPNETCORE_ENVIRONMENT=Production GigStore__AppDataPath="$data" exec dotnet GigStore.Web.dll --urls "$base") >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; if [ -n "${CLEAN:-}" ]; then rm -rf "$data"; else echo "App_Data kept in $data"; fi' EXIT
echo "== starting the store on $base (App_Data $data)"
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "$base/health" && break
  kill -0 $server 2>/dev/null || { tail -20 "$data/server.log" >&2; exit 1; }
  sleep 1
done

echo "== checkout"
bench/GigStore.CheckoutBench/bin/Release/net10.0/GigStore.CheckoutBench --url "$base" --buyers "${BUYERS:-50}" --duration "${DURATION:-30}" --warmup "${WARMUP:-40}" --server-pid "$server"
echo "load $(cut -d' ' -f1-3 /proc/loadavg); database $(du -sh "$data/Sites/Default/gigstore.db" | cut -f1)"
