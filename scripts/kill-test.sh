#!/usr/bin/env bash
# The persistence kill test at length: ROUNDS (default 500) SIGKILLs of a process that saves state
# continuously, each followed by a load that must succeed and be no older than the last save the
# process reported complete. The test suite runs 20 rounds of the same test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${ROUNDS:-500}"
./mvnw -q -pl deploy -am test -Dtest=KillDuringSaveTest -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dhealbms.killtest.rounds=$rounds" | grep -E "kill test|FAIL" || true
