#!/usr/bin/env bash
# Runs the store. On a fresh Debian machine with the .NET SDK it builds the host, sets up the default
# tenant from the marketplace recipe on first start (printing the admin's password once) and serves
# http://127.0.0.1:5000. Data lives in ./App_Data (delete it to start over).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

echo "== building GigStore"
dotnet publish src/GigStore.Web -c Release -o artifacts/web --nologo -v q

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
export GigStore__AppDataPath=${GigStore__AppDataPath:-$root/App_Data}
echo "== serving http://127.0.0.1:5000 (admin: http://127.0.0.1:5000/admin; data: $GigStore__AppDataPath)"
cd artifacts/web
exec dotnet GigStore.Web.dll --urls "${GIGSTORE_URLS:-http://127.0.0.1:5000}"
