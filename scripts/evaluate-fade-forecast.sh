#!/usr/bin/env bash
# Issue 3 acceptance (capacity fade): on the Sanyo UR18650E ageing table in ../shared/datasets (not shipped with
# the project), forecast each cell's capacity AHEAD cycles past every history prefix of >= 3 check-ups and score
# against the later check-ups (linearly interpolated). The table's cycle column is used as the cycle count.
# Usage: [AHEAD=50] scripts/evaluate-fade-forecast.sh [DATASETS_DIR] [extra forecast options, e.g. --json]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${1:-../shared/datasets}"
shift || true
exec ./healbms forecast "$data/sanyo-ur18650e-ageing/Baumhoefer2014__UR18650E__capacity_vs_cycle.csv" \
  --backtest --ahead "${AHEAD:-50}" "$@"
