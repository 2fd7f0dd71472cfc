#!/usr/bin/env bash
# Issue 13 recipe: identify the Panasonic NCR18650PF (../shared/datasets, not shipped) from the 25 degC
# C/20 test, the HPPC tests at all five temperatures and the *_NN drive-cycle mixes at all five (the
# identification material; the scored cycles never take part), then replay US06, LA92 and Cycle 1 at
# every temperature from a 0.7 SoC guess (they start full). One row per trace: SoC RMSE and max error
# after the first 600 s, 3-sigma coverage and mean 3-sigma half-width over the same samples, and the
# coulomb-counting baseline's RMSE after 600 s from the same guess. All in percent of SoC.
# Usage: [TEMPERATURES="25 10 0 n10 n20"] [OUT=dir] scripts/evaluate-panasonic-recipe.sh [DATASETS_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${1:-../shared/datasets}/panasonic-ncr18650pf"
temperatures="${TEMPERATURES:-25 10 0 n10 n20}"
d="$data/Kollmeyer__NCR18650PF__"
out="${OUT:-target/evaluation-recipe}"
mkdir -p "$out"
dynamic=()
for t in 25 10 0 n10 n20; do dynamic+=(--dynamic "${d}${t}degC_HPPC.bdf.csv.gz" --dynamic "${d}${t}degC_NN.bdf.csv.gz"); done
if [ -z "${CELL:-}" ]; then
  ./healbms identify --ocv "${d}25degC_C20_OCV.bdf.csv.gz" "${dynamic[@]}" -o "$out/cell.json" > "$out/identify.log"
  tail -n 3 "$out/identify.log"
fi
cell="${CELL:-$out/cell.json}"
traces=()
for t in $temperatures; do
  for cycle in US06 LA92 Cycle1; do traces+=("${d}${t}degC_${cycle}.bdf.csv.gz"); done
done
# One process replays them all, in parallel (healbms replay with several traces); one JSON line per
# trace, in the order given, and a summary line last.
echo "replaying ${#traces[@]} traces..." >&2
./healbms replay "${traces[@]}" --cell "$cell" --soc0-guess 0.7 --json 2>/dev/null | grep '^{' > "$out/replay.jsonl" || true
python3 - "$out/replay.jsonl" <<'PY'
import json, re, sys
pct = lambda v: "n/a" if v is None else "%.2f" % (100 * v)
print("\n%-14s %8s %8s %8s %8s %10s" % ("trace", "rmse600", "max600", "cover3s", "sigma3", "base_rmse600"))
for line in open(sys.argv[1]):
    j = json.loads(line)
    if j.get("summary"):
        print("%d traces in %.1f s; mean RMSE %s, worst max %s, lowest coverage %.3f, mean 3-sigma %s (%%)" % (j["traces"],
              j["wall_s"], pct(j["soc_rmse_after_600s_mean"]), pct(j["soc_max_abs_error_after_600s_max"]),
              j["sigma3_coverage_min"], pct(j["soc_sigma3_mean_after_600s_mean"])))
        continue
    name = re.sub(r"^.*__|\.bdf\.csv(\.gz)?$", "", j["trace"])
    if "error" in j:
        print("%-14s %s" % (name, j["error"]))
        continue
    print("%-14s %8s %8s %8.3f %8s %10s" % (name, pct(j["soc_rmse_after_600s"]), pct(j["soc_max_abs_error_after_600s"]),
          j["sigma3_coverage"], pct(j["soc_sigma3_mean_after_600s"]), pct(j["baseline"]["soc_rmse_after_600s"])))
PY
