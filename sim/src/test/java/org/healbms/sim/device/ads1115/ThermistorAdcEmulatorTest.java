package org.healbms.sim.device.ads1115;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.Calibration;
import org.healbms.drivers.ads1115.Ads1115;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.mcp3208.Mcp3208;
import org.healbms.drivers.ntc.SteinhartHart;
import org.healbms.drivers.ntc.ThermistorAdcDevice;
import org.healbms.drivers.ntc.ThermistorChannel;
import org.healbms.drivers.ntc.ThermistorDivider;
import org.healbms.sim.device.mcp3208.Mcp3208Emulator;
import org.junit.jupiter.api.Test;

/** Thermistors on a 3.3 V, 10 kOhm divider, read through each ADC's driver and emulator. */
class ThermistorAdcEmulatorTest {

    private static final ThermistorDivider DIVIDER =
            new ThermistorDivider(SteinhartHart.fit(SteinhartHart.SEMITEC_103AT), 10_000);
    private static final List<ThermistorChannel> INPUTS = List.of(
            new ThermistorChannel(0, "cell 1 surface", 1, Calibration.NONE),
            new ThermistorChannel(1, "cell 2 surface", 2, Calibration.NONE),
            new ThermistorChannel(2, "cell 3 surface", 3, Calibration.NONE));

    private final AtomicLong clock = new AtomicLong();
    private final DeviceClock virtual = new DeviceClock() {
        @Override
        public long nanoTime() {
            return clock.get();
        }

        @Override
        public void sleep(Duration d) {
            clock.addAndGet(d.toNanos());
        }
    };

    @Test
    void ads1115ReadsTemperaturesAndFlagsBrokenThermistors() throws Exception {
        Ads1115Emulator chip = new Ads1115Emulator("i2c-1@0x48", clock::get);
        Ads1115 adc = new Ads1115(chip, virtual, 1, 4);
        ThermistorAdcDevice device = new ThermistorAdcDevice(
                "ntc", Duration.ofSeconds(1), input -> adc.readSingleEnded(input) / 3.3, DIVIDER, INPUTS);
        chip.setInput(0, 3.3 * DIVIDER.ratioAt(31.5));
        chip.setInput(1, 3.3); // open: the input sits at the supply
        chip.setInput(2, 0.0); // short
        double[] values = new double[3];
        Quality[] quality = new Quality[3];
        long before = clock.get();
        device.sample(values, quality);
        assertThat(values[0]).isCloseTo(31.5, within(0.02));
        assertThat(quality).containsExactly(Quality.OK, Quality.SENSOR_FAULT, Quality.SENSOR_FAULT);
        assertThat(values[1]).isNaN();
        assertThat(clock.get() - before).isGreaterThanOrEqualTo(3 * 1_000_000_000L / 128); // three conversions
        chip.setSilent(true);
        assertThatThrownBy(() -> device.sample(values, quality)).isInstanceOf(BusException.class);
    }

    @Test
    void mcp3208ReadsTheSameDividerRatiometrically() throws Exception {
        Mcp3208Emulator chip = new Mcp3208Emulator("spi-0.1", 3.3);
        Mcp3208 adc = new Mcp3208(chip);
        ThermistorAdcDevice device = new ThermistorAdcDevice(
                "ntc",
                Duration.ofSeconds(1),
                input -> adc.readCode(input) / (double) Mcp3208.FULL_SCALE_CODES,
                DIVIDER,
                INPUTS);
        chip.setInput(0, 3.3 * DIVIDER.ratioAt(-10));
        chip.setInput(1, 3.3 * DIVIDER.ratioAt(25));
        chip.setInput(2, 3.3 * DIVIDER.ratioAt(60));
        double[] values = new double[3];
        Quality[] quality = new Quality[3];
        device.sample(values, quality);
        // One 12-bit code is 0.03-0.1 K in this range.
        assertThat(values[0]).isCloseTo(-10, within(0.1));
        assertThat(values[1]).isCloseTo(25, within(0.05));
        assertThat(values[2]).isCloseTo(60, within(0.1));
        assertThat(quality).containsOnly(Quality.OK);
        chip.setDead(true);
        device.sample(values, quality);
        assertThat(quality).containsOnly(Quality.SENSOR_FAULT); // all ones reads as open thermistors
    }
}
