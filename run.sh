#!/usr/bin/env bash
# Runs the store. On a fresh Debian machine with the .NET SDK it installs libvips, builds the host, sets up the default
# tenant from the marketplace recipe on first start (printing the admin's password once) and serves
# http://127.0.0.1:5000. Data lives in ./App_Data (delete it to start over).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

# Images go through libvips (Debian libvips42).
if ! ldconfig -p | grep 'libvips.so.42 ' >/dev/null; then
  echo "== installing libvips42"
  if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvips42 >/dev/null
fi

echo "== building GigStore"
dotnet publish src/GigStore.Web -c Release -o artifacts/web --nologo -v q

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
export GigStore__AppDataPath=${GigStore__AppDataPath:-$root/App_Data}
echo "== serving http://127.0.0.1:5000 (admin: http://127.0.0.1:5000/admin; data: $GigStore__AppDataPath)"
cd artifacts/web
exec dotnet GigStore.Web.dll --urls "${GIGSTORE_URLS:-http://127.0.0.1:5000}"
