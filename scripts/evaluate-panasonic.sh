#!/usr/bin/env bash
# SoC accuracy on the Panasonic NCR18650PF data in ../shared/datasets (not shipped with the project):
# identify the cell from the 25 degC C/20 test and the HPPC tests at TEMPERATURES, then replay the
# US06, LA92 and Cycle 1 drive cycles at those temperatures from a 0.7 SoC guess (they start full)
# and print one table row per trace.
# Usage: [TEMPERATURES="25 10 0 n10 n20"] [OUT=dir] scripts/evaluate-panasonic.sh [DATASETS_DIR] [extra dynamic test files...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${1:-../shared/datasets}/panasonic-ncr18650pf"
shift || true
temperatures="${TEMPERATURES:-25 10 0 n10 n20}"
d="$data/Kollmeyer__NCR18650PF__"
out="${OUT:-target/evaluation}"
mkdir -p "$out"
dynamic=()
for t in $temperatures; do dynamic+=(--dynamic "${d}${t}degC_HPPC.bdf.csv.gz"); done
for f in "$@"; do dynamic+=(--dynamic "$f"); done
./healbms identify --ocv "${d}25degC_C20_OCV.bdf.csv.gz" "${dynamic[@]}" -o "$out/cell.json"
traces=()
for t in $temperatures; do
  for cycle in US06 LA92 Cycle1; do traces+=("${d}${t}degC_${cycle}.bdf.csv.gz"); done
done
# One process replays them all in parallel; each trace's report goes to $out/<trace name>.
echo "replaying ${#traces[@]} traces..." >&2
./healbms replay "${traces[@]}" --cell "$out/cell.json" --soc0-guess 0.7 --report "$out" --json 2>/dev/null \
  | grep '^{' > "$out/replay.jsonl" || true
python3 - "$out/replay.jsonl" <<'PY'
import json, re, sys
pct = lambda v: "n/a" if v is None else "%.2f %%" % (100 * v)
print("\n%-14s %9s %9s %9s %9s %8s %12s" % ("trace", "rmse600", "max600", "rmse", "max", "cover3s", "base_rmse600"))
for line in open(sys.argv[1]):
    j = json.loads(line)
    if j.get("summary"):
        continue
    name = re.sub(r"^.*__|\.bdf\.csv(\.gz)?$", "", j["trace"])
    if "error" in j:
        print("%-14s %s" % (name, j["error"]))
        continue
    print("%-14s %9s %9s %9s %9s %8.3f %12s" % (name, pct(j["soc_rmse_after_600s"]), pct(j["soc_max_abs_error_after_600s"]),
          pct(j["soc_rmse"]), pct(j["soc_max_abs_error"]), j["sigma3_coverage"], pct(j["baseline"]["soc_rmse_after_600s"])))
PY
