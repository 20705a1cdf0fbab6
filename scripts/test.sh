#!/usr/bin/env bash
# The test command: installs what the tests need, builds, runs every test against real PostgreSQL,
# Redis and Chromium (started by the tests themselves on free loopback ports), and prints a
# closing line "N passed, N failed, N skipped". --fast leaves out the tests marked [Slow] (trait
# Category=Slow: browser, AppHost start, large upload, worker crash…); other arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh --test

results="$PWD/artifacts/TestResults"
rm -rf "$results"
args=()
for arg in "$@"; do
  if [[ $arg == --fast ]]; then
    args+=(--filter-not-trait "Category=Slow")
  else
    args+=("$arg")
  fi
done
status=0
dotnet test --project MlWorkflow.Tests --report-trx --results-directory "$results" "${args[@]}" || status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed)))
  skipped=$((skipped + $(value notExecuted)))
done
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1 # the run broke before reporting (build error, crash): never report it green
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
