#!/usr/bin/env bash
# JMH benchmarks: one EKF step (ns/op, and allocation per op with the gc profiler) and replay
# throughput on the bundled real trace, with zcat on the same file for comparison.
# Usage: scripts/bench.sh [extra JMH options, e.g. -f 2 -wi 5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B -DskipTests package -pl benchmarks -am >&2
. scripts/jdk.sh
jdk="$(find_jdk)" || { echo "bench.sh: no JDK >= $required found" >&2; exit 127; }
"$jdk/bin/java" -jar benchmarks/target/healbms-benchmarks.jar -prof gc "$@" 'EkfStepBenchmark|ReplayThroughputBenchmark'
trace=cli/src/main/resources/org/healbms/cli/demo/Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz
echo "rows in trace: $(zcat "$trace" | tail -n +2 | wc -l)"
echo "zcat of the same file (best of 10):"
best=""
for _ in $(seq 10); do
  s=$(date +%s%N); zcat "$trace" > /dev/null; e=$(date +%s%N)
  ms=$(( (e - s) / 1000000 )); if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "zcat: ${best} ms"
