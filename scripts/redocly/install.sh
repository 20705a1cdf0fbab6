#!/usr/bin/env bash
# Installs @redocly/cli, at the version package-lock.json beside this script pins, into node_modules here (ignored by
# git), unless that version is already there. Used by scripts/setup.sh --test (for OpenApiDocumentTests) and by
# scripts/lint-openapi.sh. Needs Node.js 20.19+ or 22.12+ with npm, and the npm registry.
set -euo pipefail
cd "$(dirname "$0")"

want=$(sed -n 's/.*"@redocly\/cli": "\([0-9.]*\)".*/\1/p' package.json)
have=$(node -p 'require("./node_modules/@redocly/cli/package.json").version' 2>/dev/null || true)
[[ "$have" == "$want" ]] && exit 0

if ! command -v npm >/dev/null 2>&1; then
  echo "Please install Node.js 20.19+ (or 22.12+) and npm: the OpenAPI lint runs @redocly/cli $want. Then run again." >&2
  exit 1
fi
echo "Installing @redocly/cli $want into scripts/redocly/node_modules..."
npm ci --no-audit --no-fund --silent
