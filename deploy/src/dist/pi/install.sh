#!/usr/bin/env bash
# Installs HealBMS on a Raspberry Pi running 64-bit Raspberry Pi OS (Bookworm or later):
#   Java 25, a 'healbms' system user in the i2c, spi, gpio and dialout groups, SPI and I2C enabled,
#   the firmware under /opt/healbms, its configuration under /etc/healbms, state under /var/lib/healbms,
#   can0 at 500 kbit/s through systemd-networkd, and the systemd service (watchdog, restart on failure).
# Run from the unpacked distribution:  sudo ./install.sh
# --dry-run prints what it would do and lays the files out under --root DIR instead of /.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root=""
dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1 ;;
    --root) root="$2"; shift ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# Pi4J 4's Linux providers: the 4.0.0 jars are on Maven Central, but their poms name a parent that
# was never published, so the build cannot resolve them; they are fetched here, checked by SHA-1.
PI4J=4.0.0
central=https://repo.maven.apache.org/maven2/com/pi4j

run() {
  if [ "$dry" = 1 ]; then echo "would run: $*"; else "$@"; fi
}

[ -f "$here/healbms-pi.jar" ] || { echo "install.sh: healbms-pi.jar not found next to install.sh" >&2; exit 1; }
if [ "$dry" = 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: run as root (sudo ./install.sh)" >&2; exit 1; }
  [ "$(uname -m)" = aarch64 ] || { echo "install.sh: needs 64-bit Raspberry Pi OS (aarch64), found $(uname -m)" >&2; exit 1; }
fi

# Java 25: the distribution's package if it has one, else Eclipse Temurin from Adoptium's apt repository.
if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
  if apt-cache show openjdk-25-jre-headless >/dev/null 2>&1; then
    run apt-get install -y openjdk-25-jre-headless
  else
    run sh -c 'wget -qO - https://packages.adoptium.net/artifactory/api/gpg/key/public | gpg --dearmor > /usr/share/keyrings/adoptium.gpg'
    run sh -c 'echo "deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb $(. /etc/os-release; echo $VERSION_CODENAME) main" > /etc/apt/sources.list.d/adoptium.list'
    run apt-get update
    run apt-get install -y temurin-25-jre
  fi
fi

# The buses: SPI (cell monitor, ADCs, EIS) and I2C (current, thermistor ADC).
if command -v raspi-config >/dev/null 2>&1; then
  run raspi-config nonint do_spi 0
  run raspi-config nonint do_i2c 0
fi

# The service user, in the groups that own /dev/i2c-*, /dev/spidev*, /dev/gpiochip* and serial ports.
if ! id healbms >/dev/null 2>&1; then
  run useradd --system --home-dir /var/lib/healbms --shell /usr/sbin/nologin healbms
fi
for g in i2c spi gpio dialout; do
  if getent group "$g" >/dev/null 2>&1; then run usermod -aG "$g" healbms; fi
done

# Files.
install -d "$root/opt/healbms/bin" "$root/opt/healbms/lib" "$root/etc/healbms" "$root/var/lib/healbms" \
  "$root/etc/systemd/system"
install -m 0644 "$here/healbms-pi.jar" "$root/opt/healbms/healbms-pi.jar"
rm -f "$root/opt/healbms/healbms.jar" # the desktop jar an older distribution installed
install -m 0755 "$here/healbms" "$root/opt/healbms/bin/healbms"
install -m 0644 "$here/healbms.service" "$root/etc/systemd/system/healbms.service"
for plugin in pi4j-plugin-linuxfs pi4j-plugin-gpiod; do
  jar="$plugin-$PI4J.jar"
  if [ "$dry" = 1 ]; then
    echo "would fetch: $central/$plugin/$PI4J/$jar (checked against its .sha1)"
  else
    wget -q -O "$root/opt/healbms/lib/$jar" "$central/$plugin/$PI4J/$jar"
    want="$(wget -q -O - "$central/$plugin/$PI4J/$jar.sha1" | cut -c1-40)"
    have="$(sha1sum "$root/opt/healbms/lib/$jar" | cut -c1-40)"
    [ "$want" = "$have" ] || { echo "install.sh: $jar fails its SHA-1 check" >&2; rm -f "$root/opt/healbms/lib/$jar"; exit 1; }
  fi
done
# CAN (a CAN HAT as can0, for the inverter): systemd-networkd brings it up at 500 kbit/s with automatic
# bus-off restart. It touches no other interface; the board file's can: entry decides whether the
# firmware uses it.
install -d "$root/etc/systemd/network"
install -m 0644 "$here/80-healbms-can.network" "$root/etc/systemd/network/80-healbms-can.network"
run systemctl enable --now systemd-networkd.service

# Configuration is the operator's: never overwritten.
[ -f "$root/etc/healbms/firmware.yaml" ] || install -m 0644 "$here/firmware.yaml" "$root/etc/healbms/firmware.yaml"
[ -f "$root/etc/healbms/board.yaml" ] || install -m 0644 "$here/board.yaml" "$root/etc/healbms/board.yaml"
run chown -R healbms:healbms "$root/var/lib/healbms"

run systemctl daemon-reload
run systemctl enable --now healbms.service
echo "HealBMS installed. Edit /etc/healbms/board.yaml for your board, then: sudo systemctl restart healbms"
