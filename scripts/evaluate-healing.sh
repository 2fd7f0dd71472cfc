#!/usr/bin/env bash
# Healing over a life (issue 15): the same life of the 16-cell pack on the ageing plant
# (`healbms lifetime`, the commute profile) with healing off, advisory and auto, over SEEDS seeds
# (each seed another pack and other sensors, the same for the three modes). One table: capacity
# retention and resistance growth (mean and 1-sigma spread over the seeds), the days to 80 % capacity
# (the fitted fade extrapolated) and the life extension it gives over off (per seed, then mean and
# spread), doses, the heating energy, false healing actions (doses to cells without healable damage),
# how often the firmware's verdict on a dose agreed with the plant's truth, packs that ended in a
# fault and unsafe ticks (must be 0).
# JOBS runs at a time (default 1); REPORT=1 keeps each run's report (plots, the firmware's state
# directory and audit log) in OUT/MODE-SEED/. The jar is built once and copied to OUT, so sources
# edited while a long evaluation runs do not change it half-way. Run again with the same OUT, an
# evaluation resumes: the jar already in OUT is used and every run with a result there is kept.
# DAMAGE=D (with DAMAGED=LIST, default every cell) starts those cells with fresh healable contact damage
# (`lifetime --healable-damage D --damaged-cells LIST`): a new pack at the plant's literature rates grows
# too little of it in a year for any measurement to see, so this is the life on which healing can show.
# Usage: [DAYS=365] [SEEDS=10] [JOBS=1] [REPORT=0] [DAMAGE=0] [DAMAGED=1,2,...] [OUT=dir] scripts/evaluate-healing.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
days="${DAYS:-365}"
seeds="${SEEDS:-10}"
jobs="${JOBS:-1}"
out="${OUT:-target/evaluation-healing}"
mkdir -p "$out"
if [ ! -f "$out/healbms.jar" ]; then
  HEALBMS_NO_AOT=1 ./healbms --version > /dev/null
  cp deploy/target/healbms.jar "$out/healbms.jar"
else
  echo "evaluate-healing.sh: resuming in $out with the jar there (built $(date -r "$out/healbms.jar" '+%F %T'))" >&2
fi
. scripts/jdk.sh
jdk="$(find_jdk)" || { echo "evaluate-healing.sh: no JDK >= $required found" >&2; exit 127; }
damage=()
if [ -n "${DAMAGE:-}" ] && [ "${DAMAGE}" != "0" ]; then
  damage=(--healable-damage "$DAMAGE")
  [ -n "${DAMAGED:-}" ] && damage+=(--damaged-cells "$DAMAGED")
fi
DAMAGE_ARGS="${damage[*]:-}"
export days out jdk REPORT DAMAGE_ARGS
one() {
  local mode="$1" seed="$2" report=()
  if grep -q '^{' "$out/$mode-$seed.json" 2>/dev/null; then echo "lifetime: seed $seed, healing $mode: kept" >&2; return; fi
  [ "${REPORT:-0}" = "1" ] && report=(--report "$out/$mode-$seed")
  echo "lifetime: $days days, seed $seed, healing $mode ..." >&2
  "$jdk/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$out/healbms.jar" lifetime --days "$days" \
    --seed "$seed" --healing "$mode" $DAMAGE_ARGS --json "${report[@]}" 2>"$out/$mode-$seed.log" | tail -n 1 > "$out/$mode-$seed.json" || true
  grep -q '^{' "$out/$mode-$seed.json" || echo "lifetime failed for seed $seed, healing $mode: see $out/$mode-$seed.log" >&2
}
export -f one
for seed in $(seq 1 "$seeds"); do for mode in off advisory auto; do echo "$mode $seed"; done; done \
  | xargs -P "$jobs" -L 1 bash -c 'one "$0" "$1"'
python3 - "$out" "$seeds" "$days" <<'PY'
import json, math, os, sys
out, seeds, days = sys.argv[1], int(sys.argv[2]), sys.argv[3]
modes = ["off", "advisory", "auto"]
runs = {m: {} for m in modes}
for m in modes:
    for s in range(1, seeds + 1):
        try:
            with open(os.path.join(out, "%s-%d.json" % (m, s))) as f:
                runs[m][s] = json.loads(f.read())
        except (OSError, ValueError):
            pass
def stats(values):
    v = [x for x in values if x is not None and not (isinstance(x, float) and math.isnan(x))]
    if not v:
        return "n/a"
    mean = sum(v) / len(v)
    sd = math.sqrt(sum((x - mean) ** 2 for x in v) / (len(v) - 1)) if len(v) > 1 else 0.0
    return "%.4f+-%.4f" % (mean, sd)
def total(values):
    return sum(x for x in values if x is not None)
print("\n%s days, seeds 1..%d%s (runs done: %s)" % (days, seeds,
      (", " + os.environ["DAMAGE_ARGS"]) if os.environ.get("DAMAGE_ARGS") else ", new packs",
      ", ".join("%s %d" % (m, len(runs[m])) for m in modes)))
head = ("healing", "retention", "resistance growth", "days to 80 %", "extension vs off", "doses", "heating Wh",
        "false actions", "verdict agreement", "faulted", "unsafe ticks")
print("%-9s %17s %18s %18s %17s %6s %9s %13s %17s %7s %12s" % head)
for m in modes:
    r = runs[m]
    ext = []
    for s, j in r.items():
        off = runs["off"].get(s)
        if off and j.get("days_to_80_percent") and off.get("days_to_80_percent"):
            ext.append(j["days_to_80_percent"] / off["days_to_80_percent"] - 1)
    print("%-9s %17s %18s %18s %17s %6d %9.1f %13d %17s %7d %12d" % (
        m,
        stats([j.get("capacity_retention") for j in r.values()]),
        stats([j.get("resistance_growth") for j in r.values()]),
        stats([j.get("days_to_80_percent") for j in r.values()]),
        "-" if m == "off" else stats(ext),
        total([j.get("healing_doses", 0) for j in r.values()]),
        total([j.get("heating_energy_wh", 0.0) for j in r.values()]),
        total([j.get("false_healing_actions", 0) for j in r.values()]),
        stats([j.get("healing_verdict_agreement") for j in r.values()]),
        sum(1 for j in r.values() if j.get("pack_state") == "fault"),
        total([j.get("unsafe_ticks", 0) for j in r.values()])))
PY
