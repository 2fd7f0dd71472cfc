#!/usr/bin/env bash
# False-positive rate of the degradation-signature detectors on the clean real traces in
# ../shared/datasets: every Panasonic NCR18650PF drive cycle and HPPC test (cell identified from C/20
# + HPPC at all temperatures; also its C/20 OCV and 1C capacity tests), the LG M50T UDDS, HPPC and
# C/20 capacity test (its own cell file), and the Samsung 30Q
# discharges with hoop strain (swelling and plating risk only: model-free, but for plating's relaxation
# after a charge, and these traces have no charge).
# Usage: [OUT=dir] scripts/evaluate-signatures.sh [DATASETS_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${1:-../shared/datasets}"
out="${OUT:-target/evaluation-signatures}"
mkdir -p "$out"
d="$data/panasonic-ncr18650pf/Kollmeyer__NCR18650PF__"
l="$data/lg-inr21700-m50t/Stanford__INR21700-M50T-W8__"
s="$data/samsung-inr18650-30q-strain/ARTSLab__INR18650-30Q-S001__"
dyn=(); for t in 25 10 0 n10 n20; do dyn+=(--dynamic "${d}${t}degC_HPPC.bdf.csv.gz"); done
./healbms identify --ocv "${d}25degC_C20_OCV.bdf.csv.gz" "${dyn[@]}" -o "$out/ncr18650pf.json" > /dev/null
./healbms identify --ocv "${l}C20_capacity.bdf.csv.gz" --dynamic "${l}HPPC.bdf.csv.gz" -o "$out/m50t.json" > /dev/null
pan=(); for t in 25 10 0 n10 n20; do for c in US06 LA92 Cycle1 HPPC; do pan+=("${d}${t}degC_${c}.bdf.csv.gz"); done; done
pan+=("${d}25degC_NN.bdf.csv.gz" "${d}10degC_Trise_Cycle1.bdf.csv.gz" "${d}25degC_C20_OCV.bdf.csv.gz"
      "${d}25degC_1C_capacity_start.bdf.csv.gz" "${d}25degC_1C_capacity_end.bdf.csv.gz")
./healbms signatures --cell "$out/ncr18650pf.json" --capacity-ah 2.9 "${pan[@]}" 2>/dev/null | tail -n 1
./healbms signatures --cell "$out/m50t.json" --capacity-ah 4.85 "${l}UDDS.bdf.csv.gz" "${l}HPPC.bdf.csv.gz" \
  "${l}C20_capacity.bdf.csv.gz" 2>/dev/null | tail -n 1
./healbms signatures --cell "$out/ncr18650pf.json" --detectors irreversible_swelling,plating_risk --capacity-ah 3.0 \
  "${s}C10_discharge.bdf.csv.gz" "${s}1C_discharge.bdf.csv.gz" "${s}2C_discharge.bdf.csv.gz" "${s}3C_discharge.bdf.csv.gz" \
  "${s}4C_discharge.bdf.csv.gz" 2>/dev/null | tail -n 1
