#!/usr/bin/env bash
# Lints the Api's OpenAPI document with Redocly's recommended rules (the document must pass without errors).
# Builds and starts the Api on a free loopback port with no database or Redis behind it (the document needs
# neither), reads /openapi/v1.json, and runs @redocly/cli at the version pinned in scripts/redocly (installed there,
# in its ignored node_modules, by scripts/setup.sh --test; the same lint runs in OpenApiDocumentTests).
# Needs the .NET SDK, Node.js 20.19+ and npm. Extra arguments go to `redocly lint` (e.g. --format=summary).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
api_pid=""
cleanup() {
  [[ -n "$api_pid" ]] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

./scripts/redocly/install.sh
dotnet build MlWorkflow.Api --nologo --verbosity quiet

ConnectionStrings__mlworkflowdb="Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none" \
ConnectionStrings__cache="127.0.0.1:1,abortConnect=false" \
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:0 \
  dotnet artifacts/bin/MlWorkflow.Api/debug/MlWorkflow.Api.dll >"$work/api.log" 2>&1 &
api_pid=$!

url=""
for _ in $(seq 1 120); do
  url=$(sed -n 's/.*Now listening on: \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/api.log" | head -n 1)
  [[ -n "$url" ]] && curl -sf "$url/openapi/v1.json" -o "$work/v1.json" && break
  kill -0 "$api_pid" 2>/dev/null || { cat "$work/api.log" >&2; exit 1; }
  sleep 1
done
[[ -s "$work/v1.json" ]] || { echo "The Api did not serve /openapi/v1.json within 2 minutes:" >&2; cat "$work/api.log" >&2; exit 1; }

REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  scripts/redocly/node_modules/.bin/redocly lint --extends recommended "$@" "$work/v1.json"
