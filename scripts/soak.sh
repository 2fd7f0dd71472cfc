#!/usr/bin/env bash
# Soak run of the firmware on an emulated 16-cell board (LTC6813-1, SmartShunt) in a 64 MB heap:
# DURATION seconds on the wall clock (default 1800), then the summary with deadline misses and the
# peak heap. The emulated cells replay the bundled US06 trace.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${OUT:-target/soak}"
mkdir -p "$out"
rm -rf "$out/state"
{
  cat <<'YAML'
format: healbms-board
format_version: 1
name: soak-16s
cells: 16
devices:
  - id: cellmon
    type: ltc6813
    period_ms: 100
    spi: {bus: 0, chip_select: 0, clock_hz: 1000000}
    cells:
YAML
  for c in $(seq 1 16); do echo "      - {cell: $c, ic: 0, input: $c}"; done
  cat <<'YAML'
  - id: shunt
    type: victron-vedirect
    period_ms: 1000
    port: /dev/ttyUSB0
YAML
} > "$out/board.yaml"
cat > "$out/firmware.yaml" <<'YAML'
format: healbms-firmware
format_version: 1
board: board.yaml
state_dir: state
save_interval_s: 10
YAML
HEALBMS_JAVA_OPTS="-Xmx64m ${HEALBMS_JAVA_OPTS:-}" ./healbms run --config "$out/firmware.yaml" --duration "${DURATION:-1800}" --json
