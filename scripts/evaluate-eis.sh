#!/usr/bin/env bash
# Equivalent-circuit fits of the Panasonic NCR18650PF impedance spectra in ../shared/datasets (25, 0
# and -20 degC, 6 kHz to 1.4 mHz, at 5-10 % SoC steps): R0, R_sei, R_ct, Warburg and the fit error.
# Usage: scripts/evaluate-eis.sh [DATASETS_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
d="${1:-../shared/datasets}/panasonic-ncr18650pf/Kollmeyer__NCR18650PF__"
./healbms eis-fit "${d}25degC_EIS.csv" "${d}0degC_EIS.csv" "${d}n20degC_EIS.csv"
