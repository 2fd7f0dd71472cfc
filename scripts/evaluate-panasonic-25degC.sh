#!/usr/bin/env bash
# Issue 2 acceptance on ../shared/datasets (not shipped with the project): identify the Panasonic
# NCR18650PF at 25 degC, replay the 25 degC US06, LA92 and Cycle 1 drive cycles from a 0.7 guess
# (true start 1.0), and print the table. Usage: scripts/evaluate-panasonic-25degC.sh [DATASETS_DIR] [extra --dynamic files...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${1:-../shared/datasets}/panasonic-ncr18650pf"
shift || true
d="$data/Kollmeyer__NCR18650PF__"
out="${OUT:-target/evaluation}"
mkdir -p "$out"
extra=()
for f in "$@"; do extra+=(--dynamic "$f"); done
./healbms identify --ocv "${d}25degC_C20_OCV.bdf.csv.gz" --dynamic "${d}25degC_HPPC.bdf.csv.gz" "${extra[@]}" -o "$out/cell.json"
printf '\n%-8s %10s %10s %10s %10s %10s %12s %12s\n' cycle rmse600 max600 rmse max cover3s base_rmse600 base_max600
for cycle in US06 LA92 Cycle1; do
  json=$(./healbms replay "${d}25degC_${cycle}.bdf.csv.gz" --cell "$out/cell.json" --soc0-guess 0.7 \
           --report "$out/$cycle" --json | tail -n 1)
  python3 - "$cycle" "$json" <<'PY'
import json, sys
c, j = sys.argv[1], json.loads(sys.argv[2])
pct = lambda v: "%.2f %%" % (100 * v)
print("%-8s %10s %10s %10s %10s %10.3f %12s %12s" % (c, pct(j["soc_rmse_after_600s"]), pct(j["soc_max_abs_error_after_600s"]),
      pct(j["soc_rmse"]), pct(j["soc_max_abs_error"]), j["sigma3_coverage"],
      pct(j["baseline"]["soc_rmse_after_600s"]), pct(j["baseline"]["soc_max_abs_error_after_600s"])))
PY
done
