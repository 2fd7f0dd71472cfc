package org.healbms.drivers.ads1220;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.bus.SpiTarget;
import org.healbms.drivers.strain.BridgeStrain;
import org.junit.jupiter.api.Test;

class Ads1220Test {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** Records every frame; RREG answers with what WREG wrote (or a scripted corruption); RDATA with a code. */
    private static final class ScriptedAdc implements SpiTarget, DeviceClock {
        final List<String> frames = new ArrayList<>();
        byte[] registers = new byte[4];
        byte[] data = {0, 0, 0};
        boolean corruptReadBack;
        long now;

        @Override
        public String name() {
            return "spi-0.1";
        }

        @Override
        public void transfer(byte[] tx, byte[] rx) {
            frames.add(HEX.formatHex(tx).toUpperCase());
            if ((tx[0] & 0xF0) == 0x40) {
                System.arraycopy(tx, 1, registers, 0, 4);
            } else if ((tx[0] & 0xF0) == 0x20) {
                System.arraycopy(registers, 0, rx, 1, 4);
                if (corruptReadBack) {
                    rx[2] ^= 0x01;
                }
            } else if (tx[0] == 0x10) {
                System.arraycopy(data, 0, rx, 1, 3);
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
    void theFactSheetSequenceConfiguresABridgeAtGain128() throws Exception {
        ScriptedAdc bus = new ScriptedAdc();
        new Ads1220(bus, bus).configure(Ads1220Config.bridge(128, 0, false));
        assertThat(bus.frames).containsExactly("06", "43 3E 04 50 00", "23 00 00 00 00", "08");
    }

    @Test
    void readsTheVectorCodeAsHalfAMillivoltPerVoltAndAThousandMicrostrain() throws Exception {
        ScriptedAdc bus = new ScriptedAdc();
        Ads1220 adc = new Ads1220(bus, bus);
        adc.configure(Ads1220Config.bridge(128, 0, false));
        bus.data = HEX.parseHex("08 31 27");
        long before = bus.now;
        Ads1220.Conversion c = adc.read();
        assertThat(bus.now - before).isGreaterThanOrEqualTo(50_000_000L); // one 20 SPS conversion
        assertThat(bus.frames.getLast()).isEqualTo("10 00 00 00");
        assertThat(c.code()).isEqualTo(536_871);
        assertThat(c.ratio()).isCloseTo(0.5e-3, within(1e-9));
        BridgeStrain quarter = new BridgeStrain(BridgeStrain.Type.QUARTER, 2.0);
        // Exact quarter-bridge equation: 1001.0 microstrain; the linear 4Vr/GF gives the fact sheet's 1000.
        assertThat(quarter.strain(c.ratio()) * 1e6).isCloseTo(1001.0, within(0.1));
        assertThat(quarter.ratio(quarter.strain(c.ratio()))).isCloseTo(c.ratio(), within(1e-15));
        assertThat(new BridgeStrain(BridgeStrain.Type.FULL_BENDING, 2.0).strain(c.ratio()) * 1e6)
                .isCloseTo(250.0, within(0.01));
    }

    @Test
    void negativeAndClippedCodes() throws Exception {
        ScriptedAdc bus = new ScriptedAdc();
        Ads1220 adc = new Ads1220(bus, bus);
        adc.configure(Ads1220Config.bridge(128, 6, true));
        bus.data = HEX.parseHex("F7 CE D9");
        assertThat(adc.read().code()).isEqualTo(-536_871);
        bus.data = HEX.parseHex("7F FF FF");
        assertThat(adc.read().clipped()).isTrue();
        bus.data = HEX.parseHex("80 00 00");
        assertThat(adc.read().clipped()).isTrue();
    }

    @Test
    void aConfigurationThatDoesNotReadBackIsABusFault() {
        ScriptedAdc bus = new ScriptedAdc();
        bus.corruptReadBack = true;
        assertThatThrownBy(() -> new Ads1220(bus, bus).configure(Ads1220Config.bridge(128, 0, false)))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("spi-0.1")
                .hasMessageContaining("reads back");
        assertThatThrownBy(() -> Ads1220Config.bridge(100, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
