#!/usr/bin/env bash
# The test command: makes sure the machine has what qcc needs (bootstrap is
# idempotent and quick when nothing is missing), builds, and runs the whole
# lit suite (regression tests and GoogleTest unit tests) through check-qcc.
# Ends with a "N passed, N failed" line.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${QCC_BUILD_DIR:-$repo/build}"

"$repo/scripts/bootstrap.sh" || exit 1
"$repo/scripts/build.sh" || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
LIT_OPTS="${LIT_OPTS:--sv}" cmake --build "$build" --target check-qcc 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# lit's summary lines look like "  Passed: 120 (98.36%)".
count() { sed -nE "s/^ *$1 *: *([0-9]+).*/\\1/p" "$log" | tail -n 1; }
passed=$(count Passed)
failed=0
for kind in Failed Unresolved "Timed Out" XPASS; do
  n=$(count "$kind")
  failed=$((failed + ${n:-0}))
done
skipped=$(( $(count Unsupported || true) + 0 ))
if [ -z "$passed" ] && [ "$status" -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit "$status"
fi
echo "${passed:-0} passed, $failed failed, ${skipped:-0} skipped"
exit "$status"
