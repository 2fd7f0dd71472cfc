#!/usr/bin/env bash
# State of health on the Panasonic NCR18650PF data in ../shared/datasets (not shipped): identify the
# cell from the 25 degC C/20 test and the HPPC tests at TEMPERATURES, then replay drive cycles with
# --soh, starting the capacity from the rated 2.9 Ah, and print capacity and ohmic-resistance
# estimates next to what the tester measured: the charge delivered to 2.5 V in the same trace, and
# the C/20 capacity the SoC scale is defined on (2.995 Ah).
# With RECIPE=1 the cell is identified as in scripts/evaluate-panasonic-recipe.sh (the *_NN drive-cycle
# mixes too), which gives it a noise profile. The late-campaign traces (10degC_Trise_Cycle1 and the
# 25 degC 1C capacity test at the end of the campaign, next to the one at its start) come last.
# Usage: [RECIPE=1] [TEMPERATURES="25 10 0 n10 n20"] [OUT=dir] scripts/evaluate-soh.sh [DATASETS_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${1:-../shared/datasets}/panasonic-ncr18650pf"
temperatures="${TEMPERATURES:-25 10 0 n10 n20}"
d="$data/Kollmeyer__NCR18650PF__"
out="${OUT:-target/evaluation-soh}"
mkdir -p "$out"
dynamic=()
for t in $temperatures; do
  dynamic+=(--dynamic "${d}${t}degC_HPPC.bdf.csv.gz")
  [ -z "${RECIPE:-}" ] || dynamic+=(--dynamic "${d}${t}degC_NN.bdf.csv.gz")
done
./healbms identify --ocv "${d}25degC_C20_OCV.bdf.csv.gz" "${dynamic[@]}" -o "$out/cell.json" > "$out/identify.log"
printf '\n%-20s %14s %9s %9s %16s %9s\n' trace capacity_ah soh_cap delivered soh_resistance rmse600
traces=()
for t in $temperatures; do for c in US06 LA92 Cycle1; do traces+=("${t}degC_$c"); done; done
traces+=(10degC_Trise_Cycle1 25degC_1C_capacity_start 25degC_1C_capacity_end)
for name in "${traces[@]}"; do
  f="${d}${name}.bdf.csv.gz"
  [ -f "$f" ] || continue
  json=$(./healbms replay "$f" --cell "$out/cell.json" --soc0-guess 0.7 --soh --capacity0-ah 2.9 \
           --rated-capacity-ah 2.9 --report "$out/$name" --json | tail -n 1)
  delivered=$(zcat "$f" | awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i ~ /Net Capacity/) c=i} NR>2 && $c<m {m=$c} END{printf "%.3f", -m}')
  python3 - "$name" "$json" "$delivered" <<'PY'
import json, sys
name, j, delivered = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3])
print("%-20s %6.3f+-%.3f %8.1f%% %8.3f %9.3f+-%.3f %8.2f%%" % (name, j["capacity_estimate_ah"], 3 * j["capacity_sigma_ah"],
      100 * j["soh_capacity"], delivered, j["soh_resistance"], 3 * j["soh_resistance_sigma"], 100 * j["soc_rmse_after_600s"]))
PY
done
