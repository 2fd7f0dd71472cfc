#!/usr/bin/env bash
# State of health on the Panasonic NCR18650PF data in ../shared/datasets (not shipped). The cell is
# identified as in scripts/evaluate-panasonic-recipe.sh (25 degC C/20, the HPPC and *_NN tests at all
# five temperatures), or taken from CELL=... (e.g. target/evaluation-recipe/cell.json, which that script
# writes). Every drive cycle is replayed with --soh from a 0.7 SoC guess, the capacity starting from the
# rated 2.9 Ah. One row per trace, figures with their 1-sigma: soh_resistance (the cell's voltage response
# relative to the identified model's for the same current and temperature; 1 = as new), the filter's R0
# scale, the capacity estimate and its error against the 2.995 Ah C/20 capacity the SoC scale is defined
# on, and the SoC RMSE after 600 s. The fresh-cell drive cycles come first; the late-campaign traces
# (10degC_Trise_Cycle1, and the 25 degC 1C capacity test at the end of the campaign next to the one at
# its start) last.
# Usage: [CELL=cell.json] [TEMPERATURES="25 10 0 n10 n20"] [OUT=dir] scripts/evaluate-soh.sh [DATASETS_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${1:-../shared/datasets}/panasonic-ncr18650pf"
temperatures="${TEMPERATURES:-25 10 0 n10 n20}"
d="$data/Kollmeyer__NCR18650PF__"
out="${OUT:-target/evaluation-soh}"
mkdir -p "$out"
if [ -z "${CELL:-}" ]; then
  dynamic=()
  for t in 25 10 0 n10 n20; do dynamic+=(--dynamic "${d}${t}degC_HPPC.bdf.csv.gz" --dynamic "${d}${t}degC_NN.bdf.csv.gz"); done
  ./healbms identify --ocv "${d}25degC_C20_OCV.bdf.csv.gz" "${dynamic[@]}" -o "$out/cell.json" > "$out/identify.log"
fi
cell="${CELL:-$out/cell.json}"
traces=()
for t in $temperatures; do for c in US06 LA92 Cycle1; do traces+=("${d}${t}degC_$c.bdf.csv.gz"); done; done
for name in 10degC_Trise_Cycle1 25degC_1C_capacity_start 25degC_1C_capacity_end; do
  [ -f "${d}${name}.bdf.csv.gz" ] && traces+=("${d}${name}.bdf.csv.gz")
done
# One process replays them all, in parallel; one JSON line per trace in the order given, a summary last.
echo "replaying ${#traces[@]} traces..." >&2
./healbms replay "${traces[@]}" --cell "$cell" --soc0-guess 0.7 --soh --capacity0-ah 2.9 --rated-capacity-ah 2.9 \
  --json 2>/dev/null | grep '^{' > "$out/replay.jsonl" || true
python3 - "$out/replay.jsonl" <<'PY'
import json, re, sys
def pm(v, s):
    return "n/a" if v is None else "%.3f+-%s" % (v, "n/a" if s is None else "%.3f" % s)
print("\n%-25s %15s %15s %15s %8s %8s" % ("trace", "soh_resistance", "resistance_scale", "capacity_ah", "cap_err",
      "rmse600"))
for line in open(sys.argv[1]):
    j = json.loads(line)
    if j.get("summary"):
        continue
    name = re.sub(r"^.*__|\.bdf\.csv(\.gz)?$", "", j["trace"])
    if "error" in j:
        print("%-25s %s" % (name, j["error"]))
        continue
    cap = j["capacity_estimate_ah"]
    print("%-25s %15s %15s %15s %7.1f%% %7.2f%%" % (name, pm(j["soh_resistance"], j["soh_resistance_sigma"]),
          pm(j["resistance_scale"], j["resistance_scale_sigma"]), pm(cap, j["capacity_sigma_ah"]),
          100 * (cap / 2.995 - 1), 100 * j["soc_rmse_after_600s"]))
PY
