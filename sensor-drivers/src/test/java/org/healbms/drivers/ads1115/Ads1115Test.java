package org.healbms.drivers.ads1115;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.bus.I2cTarget;
import org.junit.jupiter.api.Test;

class Ads1115Test {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** Records writes; the config register reports OS after {@code busyPolls} reads; the result is scripted. */
    private static final class ScriptedAdc implements I2cTarget, DeviceClock {
        final List<String> log = new ArrayList<>();
        byte[] result = {0, 0};
        int busyPolls;
        long now;

        @Override
        public String name() {
            return "i2c-1@0x48";
        }

        @Override
        public void writeThenRead(byte[] write, byte[] read) {
            if (read.length == 0) {
                log.add("W " + HEX.formatHex(write).toUpperCase());
            } else if (write[0] == 0x01) {
                read[0] = (byte) (busyPolls-- > 0 ? 0x43 : 0xC3);
                read[1] = (byte) 0x83;
                log.add("R config");
            } else {
                System.arraycopy(result, 0, read, 0, 2);
                log.add("R conversion");
            }
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            now += d.toNanos();
        }
    }

    @Test
    void singleShotOnA0AtFourVoltsAnd128SpsIsTheFactSheetsSequence() throws Exception {
        ScriptedAdc bus = new ScriptedAdc();
        bus.result = HEX.parseHex("40 00");
        bus.busyPolls = 1;
        Ads1115 adc = new Ads1115(bus, bus, 1, 4);
        assertThat(adc.readSingleEnded(0)).isCloseTo(2.048, within(1e-12));
        assertThat(bus.log).containsExactly("W 01 C3 83", "R config", "R config", "R conversion");
        assertThat(bus.now).isGreaterThanOrEqualTo(1_000_000_000L / 128); // waited one conversion
    }

    @Test
    void decodesTheFactSheetCodes() throws Exception {
        String[][] vectors = {{"33 90", "1.650"}, {"7F FF", "4.095875"}, {"80 00", "-4.096"}, {"FF FF", "-0.000125"}};
        for (String[] v : vectors) {
            ScriptedAdc bus = new ScriptedAdc();
            bus.result = HEX.parseHex(v[0]);
            assertThat(new Ads1115(bus, bus, 1, 4).readSingleEnded(2))
                    .as(v[0])
                    .isCloseTo(Double.parseDouble(v[1]), within(1e-9));
        }
    }

    @Test
    void aConversionThatNeverFinishesIsABusFault() {
        ScriptedAdc bus = new ScriptedAdc();
        bus.busyPolls = Integer.MAX_VALUE;
        assertThatThrownBy(() -> new Ads1115(bus, bus, 1, 4).readSingleEnded(0))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("i2c-1@0x48")
                .hasMessageContaining("did not finish");
        assertThatThrownBy(() -> new Ads1115(bus, bus, 1, 4).configuration(4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
