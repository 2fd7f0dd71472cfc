#!/usr/bin/env bash
# JMH benchmarks: one EKF step (ns/op, and allocation per op with the gc profiler), one firmware control
# tick on a 16- and a 192-cell board (time and bytes per tick), and replay throughput on the bundled real
# trace, with zcat on the same file for comparison. Besides JMH's wall time per operation, the CPU time
# per operation (CpuTimeProfiler: every thread of the benchmark JVM) is reported: on a machine shared
# with other work it is the figure that stays comparable between runs. The load average is printed
# before and after, since every figure depends on it.
# Usage: scripts/bench.sh [extra JMH options, e.g. -f 2 -wi 5 or -p cells=192]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B -DskipTests package -pl benchmarks -am >&2
. scripts/jdk.sh
jdk="$(find_jdk)" || { echo "bench.sh: no JDK >= $required found" >&2; exit 127; }
results=benchmarks/target/bench-results.csv
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$jdk/bin/java" -jar benchmarks/target/healbms-benchmarks.jar -prof gc \
  -prof org.healbms.benchmarks.CpuTimeProfiler -rf csv -rff "$results" "$@" \
  'EkfStepBenchmark|TableLookupBenchmark|ControlTickBenchmark|ReplayThroughputBenchmark'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def params(r):
    return ", ".join("%s=%s" % (k[7:-1], v) for k, v in r.items() if k.startswith("Param: ") and v and "cell.json" not in v)
def figure(name, metric, p):
    for r in rows:
        if r["Benchmark"] == name + metric and params(r) == p:
            return float(r["Score"]), float(r["Score Error (99.9%)"] or "nan")
    return None, None
print("\nsummary (wall time is JMH's score; cpu is the JVM's CPU time per operation):")
for r in rows:
    if r["Benchmark"] not in ("org.healbms.benchmarks.EkfStepBenchmark.step",
                              "org.healbms.benchmarks.ControlTickBenchmark.tick"):
        continue
    name, p = r["Benchmark"], params(r)
    what = "EKF step (%s)" % p if "EkfStep" in name else "control tick (%s)" % p
    unit = r["Unit"].split("/")[0]
    cpu, _ = figure(name, ":cpu.time.norm", p)
    alloc, _ = figure(name, ":gc.alloc.rate.norm", p)
    print("  %-34s wall %10.1f +- %.1f %s, cpu %10.1f ns, %10.1f bytes per op" % (
        what, float(r["Score"]), float(r["Score Error (99.9%)"] or "nan"), unit, cpu or float("nan"),
        alloc if alloc is not None else float("nan")))
PY
trace=cli/src/main/resources/org/healbms/cli/demo/Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz
echo "rows in trace: $(zcat "$trace" | tail -n +2 | wc -l)"
echo "zcat of the same file (best of 10):"
best=""
for _ in $(seq 10); do
  s=$(date +%s%N); zcat "$trace" > /dev/null; e=$(date +%s%N)
  ms=$(( (e - s) / 1000000 )); if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "zcat: ${best} ms"
