#!/usr/bin/env bash
# Does identifying the cell from drive cycles too (not only C/20 + HPPC) help at each temperature?
# For every temperature T and every drive cycle C (US06, LA92, Cycle 1) of the Panasonic
# NCR18650PF data in ../shared/datasets: identify from the 25 degC C/20 test, the HPPC tests at all
# five temperatures and the OTHER two drive cycles at T, then replay C at T from a 0.7 guess. C is
# never part of its own identification. Prints the same columns as scripts/evaluate-panasonic.sh.
# Usage: [TEMPERATURES="25 10 0 n10 n20"] [OUT=dir] scripts/evaluate-panasonic-drive-identified.sh [DATASETS_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${1:-../shared/datasets}/panasonic-ncr18650pf"
temperatures="${TEMPERATURES:-25 10 0 n10 n20}"
d="$data/Kollmeyer__NCR18650PF__"
out="${OUT:-target/evaluation-drive-identified}"
mkdir -p "$out"
hppc=()
for t in 25 10 0 n10 n20; do hppc+=(--dynamic "${d}${t}degC_HPPC.bdf.csv.gz"); done
printf '%-14s %9s %9s %9s %9s %8s\n' trace rmse600 max600 rmse max cover3s
for t in $temperatures; do
  for held in US06 LA92 Cycle1; do
    others=()
    for c in US06 LA92 Cycle1; do
      [ "$c" = "$held" ] || others+=(--dynamic "${d}${t}degC_${c}.bdf.csv.gz")
    done
    if ! ./healbms identify --ocv "${d}25degC_C20_OCV.bdf.csv.gz" "${hppc[@]}" "${others[@]}" \
        -o "$out/${t}_${held}.cell.json" > "$out/${t}_${held}.identify.log" 2>&1; then
      printf '%-14s identification failed: %s\n' "${t}degC_$held" "$(tail -n 1 "$out/${t}_${held}.identify.log")"
      continue
    fi
    json=$(./healbms replay "${d}${t}degC_${held}.bdf.csv.gz" --cell "$out/${t}_${held}.cell.json" --soc0-guess 0.7 \
             --json 2>/dev/null | tail -n 1)
    python3 - "${t}degC_$held" "$json" <<'PY'
import json, sys
name, j = sys.argv[1], json.loads(sys.argv[2])
pct = lambda v: "%.2f %%" % (100 * v)
print("%-14s %9s %9s %9s %9s %8.3f" % (name, pct(j["soc_rmse_after_600s"]), pct(j["soc_max_abs_error_after_600s"]),
      pct(j["soc_rmse"]), pct(j["soc_max_abs_error"]), j["sigma3_coverage"]))
PY
  done
done
