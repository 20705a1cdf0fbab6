#!/usr/bin/env bash
# Measures `dotnet run --project MlWorkflow.AppHost` in local mode until api, worker and web all answer
# /health with 200 (so postgres and redis are healthy too: api waits for them), cold (empty data folder:
# initdb runs) and warm (the same folder again). Stops the AppHost with SIGTERM after each run, times the
# shutdown, and checks PostgreSQL was shut down cleanly (no crash recovery on the next start).
#
# Usage: scripts/bench-apphost-startup.sh [RUNS] [extra dotnet run options, e.g. --no-build]
# Prints one line per run (with the load average at its start: on a shared machine it explains outliers)
# and a summary (median) per kind. Build first: dotnet build MlWorkflow.AppHost
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-3}"
shift || true
# The http launch profile's fixed proxy ports (MlWorkflow.*/Properties/launchSettings.json).
urls=(http://localhost:5080/health http://localhost:5302/health http://localhost:5300/health)
pg_controldata=$(ls /usr/lib/postgresql/*/bin/pg_controldata 2>/dev/null | sort -V | tail -n 1 || true)
pg_controldata=${pg_controldata:-$(command -v pg_controldata || true)}
data=$(mktemp -d /tmp/mlworkflow-bench-XXXXXX)
chmod 755 "$data"
log="$data.log"
trap 'rm -rf "$data" "$data".*' EXIT

healthy() {
  local url
  for url in "${urls[@]}"; do
    [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url") == 200 ]] || return 1
  done
}

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

measure() { # cold|warm, data folder, extra dotnet run options...
  local kind=$1 folder=$2 start end pid apphost stopped state load
  shift 2
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
  start=$(date +%s.%N)
  dotnet run --project MlWorkflow.AppHost "$@" -- --Infrastructure:Mode=local --Infrastructure:DataDirectory="$folder" >"$log" 2>&1 &
  pid=$!
  until healthy; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the AppHost exited; its log:" >&2; cat "$log" >&2; exit 1; fi
    if (($(date +%s) - ${start%.*} > 300)); then echo "not healthy after 300 s; log: $log" >&2; exit 1; fi
    sleep 0.2
  done
  end=$(date +%s.%N)
  apphost=$(pgrep -P "$pid" | head -n 1)
  kill -TERM "$pid"
  wait "$pid" || true
  # Stopped = postgres gone and the orchestrator (which outlives the AppHost while it stops the services) gone too.
  while pgrep -f -- "-D $folder/postgres/data" >/dev/null; do sleep 0.1; done
  while [[ -n "$apphost" ]] && pgrep -f -- "--monitor $apphost( |$)" >/dev/null; do sleep 0.1; done
  stopped=$(date +%s.%N)
  state="?"
  if [[ -n "$pg_controldata" ]]; then
    state=$("$pg_controldata" -D "$folder/postgres/data" | sed -n 's/^Database cluster state: *//p')
  fi
  printf '%s %s s to healthy, %s s to stop, postgres: %s, load average at start: %s\n' \
    "$kind" "$(seconds "$start" "$end")" "$(seconds "$end" "$stopped")" "$state" "$load"
}

results=()
for ((i = 1; i <= runs; i++)); do
  rm -rf "${data:?}"/*
  results+=("$(measure cold "$data" "$@")")
  echo "${results[-1]}"
  results+=("$(measure warm "$data" "$@")")
  echo "${results[-1]}"
done

for kind in cold warm; do
  printf '%s\n' "${results[@]}" | awk -v k="$kind" '$1 == k { print $2 }' | sort -n |
    awk -v k="$kind" '{ v[NR] = $1 } END { printf "%s: median %.1f s (min %.1f, max %.1f, n=%d)\n", k, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
done
