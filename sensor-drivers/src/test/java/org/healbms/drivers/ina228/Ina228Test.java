package org.healbms.drivers.ina228;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.I2cTarget;
import org.junit.jupiter.api.Test;

/** Byte-level tests against the INA228 vectors of the fact sheet (§2: 1 mOhm shunt, CURRENT_LSB 300 uA). */
class Ina228Test {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    /** 300 uA * 2^19: the maximum current that gives the fact sheet's CURRENT_LSB. */
    private static final double MAX_A = 300e-6 * (1 << 19);

    /** Answers register reads from a table and records every write, as the bus would see them. */
    private static final class ScriptedIna implements I2cTarget {
        final Map<Integer, byte[]> registers = new HashMap<>();
        final List<String> writes = new ArrayList<>();

        ScriptedIna set(int register, String bytes) {
            registers.put(register, HEX.parseHex(bytes));
            return this;
        }

        @Override
        public String name() {
            return "i2c-1@0x40";
        }

        @Override
        public void writeThenRead(byte[] write, byte[] read) throws BusException {
            if (read.length == 0) {
                writes.add(HEX.formatHex(write).toUpperCase());
                if (write.length == 3) {
                    registers.put(write[0] & 0xFF, new byte[] {write[1], write[2]});
                }
                return;
            }
            byte[] value = registers.get(write[0] & 0xFF);
            if (value == null || value.length != read.length) {
                throw new BusException("register 0x%02X: no %d-byte value scripted".formatted(write[0], read.length));
            }
            System.arraycopy(value, 0, read, 0, read.length);
        }
    }

    private static ScriptedIna ina() {
        return new ScriptedIna().set(0x3E, "54 49").set(0x3F, "22 81");
    }

    @Test
    void shuntCalFromShuntAndMaximumCurrentIsTheFactSheetsWrite() throws Exception {
        ScriptedIna bus = ina();
        Ina228 ina = new Ina228(bus, 0.001, MAX_A, false);
        assertThat(ina.currentLsbA()).isCloseTo(300e-6, within(1e-15));
        assertThat(ina.shuntCal()).isEqualTo(3932);
        ina.initialise();
        assertThat(bus.writes).containsExactly("00 00 00", "01 FB 6A", "02 0F 5C");
        assertThat(new Ina228(ina(), 0.001, MAX_A / 4, true).shuntCal()).isEqualTo(3932); // x4 for ADCRANGE=1
    }

    @Test
    void decodesEveryRegisterVector() throws Exception {
        ScriptedIna bus = ina().set(0x07, "51 61 50")
                .set(0x04, "4E 20 00")
                .set(0x05, "3C 00 00")
                .set(0x08, "4C 4B 40")
                .set(0x09, "00 0D F8 47 58")
                .set(0x0A, "00 47 86 8C 00")
                .set(0x06, "0C 80")
                .set(0x0B, "00 01");
        Ina228Reading r = new Ina228(bus, 0.001, MAX_A, false).read();
        assertThat(r.currentA()).isCloseTo(100.0, within(1e-3));
        assertThat(r.shuntVoltageV()).isCloseTo(0.100, within(1e-9));
        assertThat(r.busVoltageV()).isCloseTo(48.0, within(1e-9));
        assertThat(r.powerW()).isCloseTo(4800.0, within(1e-6));
        assertThat(r.energyJ()).isCloseTo(3.6e6, within(1e-3));
        assertThat(r.chargeC()).isCloseTo(360_000.0, within(1e-6)); // 100 Ah
        assertThat(r.dieTemperatureDegC()).isCloseTo(25.0, within(1e-9));
        assertThat(r.diagnostics()).isEmpty(); // MEMSTAT = 1: memory fine
    }

    @Test
    void negativeCurrentChargeAndTemperatureKeepTheirSign() throws Exception {
        ScriptedIna bus = ina().set(0x07, "D7 4F 50")
                .set(0x04, "F0 00 00")
                .set(0x05, "00 00 00")
                .set(0x08, "00 00 00")
                .set(0x09, "00 00 00 00 00")
                .set(0x0A, "FF B8 79 74 00")
                .set(0x06, "FB 00")
                .set(0x0B, "04 00");
        Ina228Reading r = new Ina228(bus, 0.001, MAX_A, false).read();
        assertThat(r.currentA()).isCloseTo(-50.0, within(1e-3));
        assertThat(r.shuntVoltageV()).isNegative();
        assertThat(r.chargeC()).isCloseTo(-360_000.0, within(1e-6));
        assertThat(r.dieTemperatureDegC()).isCloseTo(-10.0, within(1e-9));
        assertThat(r.diagnostics())
                .containsExactlyInAnyOrder(Ina228Diagnostic.CHARGE_OVERFLOW, Ina228Diagnostic.MEMORY_CHECKSUM_ERROR);
    }

    @Test
    void aDeviceThatIsNotAnIna228IsRefused() {
        ScriptedIna other = new ScriptedIna().set(0x3E, "54 49").set(0x3F, "23 81"); // an INA238
        assertThatThrownBy(() -> new Ina228(other, 0.001, MAX_A, false).initialise())
                .isInstanceOf(BusException.class)
                .hasMessageContaining("i2c-1@0x40")
                .hasMessageContaining("not an INA228")
                .hasMessageContaining("0x2381");
    }

    @Test
    void aShuntCalThatDoesNotFitIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new Ina228(ina(), 1.0, 100, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit 15 bits");
    }
}
