#!/usr/bin/env bash
# Soak run of the firmware on an emulated 16-cell board (LTC6813-1, INA228, 16 NTCs on two MCP3208,
# a SmartShunt) in a 64 MB heap:
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
  - id: current
    type: ina228
    period_ms: 100
    i2c: {bus: 1, address: 0x40}
    shunt_ohm: 0.0005
    max_current_a: 100
YAML
  for adc in 0 1; do
    cat <<YAML
  - id: ntc$adc
    type: mcp3208
    period_ms: 1000
    spi: {bus: 0, chip_select: $((adc + 1)), clock_hz: 1000000}
    series_ohm: 10000
    supply_v: 3.3
    channels:
YAML
    for i in $(seq 0 7); do c=$((adc * 8 + i + 1)); echo "      - {input: $i, name: cell $c surface, cell: $c}"; done
  done
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
HEALBMS_NO_BUILD="${HEALBMS_NO_BUILD:-0}" HEALBMS_JAVA_OPTS="-Xmx64m ${HEALBMS_JAVA_OPTS:-}" ./healbms run --config "$out/firmware.yaml" --duration "${DURATION:-1800}" --json
