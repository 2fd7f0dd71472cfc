#!/usr/bin/env bash
# Issue 2 acceptance: identify from the 25 degC C/20 and HPPC tests, replay the 25 degC US06, LA92 and
# Cycle 1 drive cycles from a 0.7 guess. Usage: scripts/evaluate-panasonic-25degC.sh [DATASETS_DIR] [extra dynamic files...]
exec env TEMPERATURES=25 "$(dirname "${BASH_SOURCE[0]}")/evaluate-panasonic.sh" "$@"
