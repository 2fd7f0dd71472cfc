#!/usr/bin/env bash
# Strain as a SoC measurement on the Samsung INR18650-30Q discharges with hoop strain in
# ../shared/datasets (ARTS-Lab, CC BY-SA 4.0; not shipped whole). Every run is replayed from a 0.7
# guess with voltage only and with voltage + strain. Every run starts from the same rested 4.14 V
# state, taken as SoC 1; the SoC scale is the C/10 run's discharged charge (2.969 Ah).
# A (rate extrapolation): cell and gauge identified from C/10 and 1C; 2C, 3C and 4C are unseen and
#   run at 2-4 times the fastest identified rate.
# B (leave one out): for each fast run, cell and gauge identified from C/10 and the other three fast
#   runs; that run is unseen. C/10 is always needed (it defines g and the SoC axis).
# Usage: [OUT=dir] scripts/evaluate-strain.sh [DATASETS_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
d="${1:-../shared/datasets}/samsung-inr18650-30q-strain/ARTSLab__INR18650-30Q-S001__"
out="${OUT:-target/evaluation-strain}"
mkdir -p "$out"
./healbms identify-cc --low-rate "${d}C10_discharge.bdf.csv.gz" --high-rate "${d}1C_discharge.bdf.csv.gz" \
  -o "$out/cell.json" --strain-output "$out/strain.json" | tee "$out/identify.log"
echo "== A: identified on C/10 and 1C"
printf '\n%-5s %-8s | %-33s | %-33s\n' run role "voltage only: rmse  max  cover3s" "voltage+strain: rmse  max  cover3s"
for rate in C10 1C 2C 3C 4C; do
  f="${d}${rate}_discharge.bdf.csv.gz"
  role=held-out; case $rate in C10|1C) role=fitted;; esac
  common=(--cell "$out/cell.json" --soc0-guess 0.7 --ref-soc0 1.0 --ref-capacity-ah 2.969 --json)
  a=$(./healbms replay "$f" "${common[@]}" 2>/dev/null | tail -n 1)
  b=$(./healbms replay "$f" "${common[@]}" --strain "$out/strain.json" 2>/dev/null | tail -n 1)
  python3 - "$rate" "$role" "$a" "$b" <<'PY'
import json, sys
rate, role, a, b = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
f = lambda j: "%6.2f%% %6.2f%% %7.3f" % (100 * j["soc_rmse"], 100 * j["soc_max_abs_error"], j["sigma3_coverage"])
print("%-5s %-8s | %-33s | %-33s  gauge zero %+.0f ue" % (rate, role, f(a), f(b), 1e6 * b["strain_offset"]))
PY
done

echo
echo "== B: leave one out (identified on C/10 and the other fast runs)"
printf '%-5s %-8s | %-33s | %-33s\n' run role "voltage only: rmse  max  cover3s" "voltage+strain: rmse  max  cover3s"
for held in 1C 2C 3C 4C; do
  fast=()
  for rate in 1C 2C 3C 4C; do
    [ "$rate" = "$held" ] || fast+=(--high-rate "${d}${rate}_discharge.bdf.csv.gz")
  done
  mkdir -p "$out/loo-$held"
  ./healbms identify-cc --low-rate "${d}C10_discharge.bdf.csv.gz" "${fast[@]}" \
    -o "$out/loo-$held/cell.json" --strain-output "$out/loo-$held/strain.json" > "$out/loo-$held/identify.log"
  f="${d}${held}_discharge.bdf.csv.gz"
  common=(--cell "$out/loo-$held/cell.json" --soc0-guess 0.7 --ref-soc0 1.0 --ref-capacity-ah 2.969 --json)
  a=$(./healbms replay "$f" "${common[@]}" 2>/dev/null | tail -n 1)
  b=$(./healbms replay "$f" "${common[@]}" --strain "$out/loo-$held/strain.json" 2>/dev/null | tail -n 1)
  k=$(grep -o '[-0-9.]* +- [0-9.]* ue/K' "$out/loo-$held/identify.log")
  python3 - "$held" "$a" "$b" "$k" <<'PY'
import json, sys
rate, a, b, k = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
f = lambda j: "%6.2f%% %6.2f%% %7.3f" % (100 * j["soc_rmse"], 100 * j["soc_max_abs_error"], j["sigma3_coverage"])
print("%-5s %-8s | %-33s | %-33s  gauge zero %+.0f ue, %s" % (rate, "held-out", f(a), f(b), 1e6 * b["strain_offset"], k))
PY
done
