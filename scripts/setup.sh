#!/usr/bin/env bash
# Installs what MlWorkflow needs on a Debian/Ubuntu machine with no container runtime:
# PostgreSQL and Redis server binaries (the AppHost's "local" mode runs them itself), and with
# --test also Chromium (the browser tests drive Debian's Chromium through Playwright) and, with npm, Redocly's CLI
# for the OpenAPI lint test (scripts/redocly/install.sh).
# With Docker or Podman running, the AppHost uses containers and this installs nothing for it.
set -euo pipefail

want_browser=false
[[ "${1:-}" == "--test" ]] && want_browser=true

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if $want_browser; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)

if $want_browser; then
  "$(dirname "$0")/redocly/install.sh"
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install: ${missing[*]} (PostgreSQL server 14+, redis-server 6+, Chromium) and run again." >&2
  exit 1
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
echo "Installing ${missing[*]} with apt-get..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# Debian starts the packaged services; MlWorkflow runs its own instances on free ports instead.
if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
  $sudo systemctl disable --now postgresql redis-server >/dev/null 2>&1 || true
fi
