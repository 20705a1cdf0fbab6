#!/usr/bin/env bash
# Runs the AppHost's local PostgreSQL in the foreground: initdb on the first run, then postgres.
# Usage: postgres-run.sh BIN_DIRECTORY CLUSTER_ROOT PORT   (the password for initdb is in CLUSTER_ROOT/password)
#
# The Aspire orchestrator stops an executable with SIGTERM and kills it ~6 s later. SIGTERM is postgres's
# "smart" shutdown, which waits for every client to disconnect, so the kill would land first and the next
# start would run crash recovery. This wrapper turns SIGTERM into SIGINT, the "fast" shutdown.
set -euo pipefail
bin="$1" root="$2" port="$3"
data="$root/data"

as_postgres=()
if [[ $(id -u) -eq 0 ]]; then
  # postgres refuses to run as root: run it as the 'postgres' user, which must own its files.
  if ! id postgres >/dev/null 2>&1; then
    echo "PostgreSQL refuses to run as root and there is no 'postgres' user to run it as:" \
      "create one (useradd --system postgres) or run the AppHost as a normal user." >&2
    exit 1
  fi
  find "$root" ! -user postgres -exec chown postgres:postgres {} +
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)
  if ! "${as_postgres[@]}" test -w "$root"; then
    echo "The postgres user cannot reach $root: make its parent folders traversable (chmod o+x on each)," \
      "or set Infrastructure:DataDirectory to a folder under one that is." >&2
    exit 1
  fi
fi

if [[ ! -s "$data/PG_VERSION" ]]; then
  echo "First run: creating the PostgreSQL cluster in $data"
  locale=C
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
  ${as_postgres[@]+"${as_postgres[@]}"} "$bin/initdb" -D "$data" -U postgres --pwfile="$root/password" \
    --auth=scram-sha-256 -E UTF8 --locale="$locale"
fi

# A cluster made by another major version does not start: say so instead of postgres's terse FATAL.
cluster_version=$(cat "$data/PG_VERSION")
server_version=$("$bin/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
if [[ "$cluster_version" != "$server_version" ]]; then
  echo "The PostgreSQL cluster in $data was made by PostgreSQL $cluster_version, but $bin is PostgreSQL $server_version." \
    "Point Infrastructure:PostgresBinDirectory at PostgreSQL $cluster_version's bin folder," \
    "or move $data away (its data is then not used) to start afresh." >&2
  exit 1
fi

${as_postgres[@]+"${as_postgres[@]}"} "$bin/postgres" -D "$data" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 &
pid=$!
trap 'kill -INT "$pid" 2>/dev/null || true' TERM INT

status=0
wait "$pid" || status=$?
# A trapped signal interrupts `wait`; keep waiting until postgres has finished its shutdown.
while kill -0 "$pid" 2>/dev/null; do
  status=0
  wait "$pid" || status=$?
done
exit "$status"
