#!/usr/bin/env bash
# Builds the Raspberry Pi distribution: target/healbms-pi.tar.gz with the firmware jar, the
# launcher, the systemd unit, example configuration and install.sh (see docs/raspberry-pi.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B -DskipTests package -pl deploy -am
stage=target/healbms-pi
rm -rf "$stage" && mkdir -p "$stage"
cp deploy/target/healbms-pi.jar deploy/src/dist/pi/* "$stage/"
tar -C target -czf target/healbms-pi.tar.gz healbms-pi
echo "target/healbms-pi.tar.gz: $(du -h target/healbms-pi.tar.gz | cut -f1)"
