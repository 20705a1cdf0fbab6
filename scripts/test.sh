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
# A failure's message scrolls away under the servers' logs: repeat each failed test and the start of its message last.
if ((failed > 0)); then
  echo "Failed tests:"
  for trx in "$results"/*.trx; do
    [[ -f "$trx" ]] || continue
    perl -0777 -ne '
      my %xml = (lt => "<", gt => ">", amp => "&", quot => "\"", apos => "'"'"'");
      while (/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[^>]*(?<!\/)>(.*?)<\/UnitTestResult>/gs) {
        my ($name, $body) = ($1, $2);
        my ($message) = $body =~ /<Message>(.*?)<\/Message>/s;
        $message //= "(no message)";
        $message =~ s/&#x([0-9A-Fa-f]+);/chr(hex $1)/ge;
        $message =~ s/&(lt|gt|amp|quot|apos);/$xml{$1}/g;
        $message =~ s/\r//g;
        my @lines = grep { /\S/ } split /\n/, $message;
        splice @lines, 25 if @lines > 25;
        print "  $name\n", map({ "    $_\n" } @lines);
      }' "$trx"
  done
fi
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1 # the run broke before reporting (build error, crash): never report it green
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
