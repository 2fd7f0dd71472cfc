package org.healbms.sim.device.ads1220;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.Calibration;
import org.healbms.drivers.ads1220.Ads1220;
import org.healbms.drivers.ads1220.Ads1220Config;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.strain.BridgeStrain;
import org.healbms.drivers.strain.StrainDevice;
import org.junit.jupiter.api.Test;

class Ads1220EmulatorTest {

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

    private StrainDevice device(Ads1220Emulator chip, BridgeStrain bridge, Calibration calibration) {
        return new StrainDevice(
                "strain",
                Duration.ofMillis(100),
                new Ads1220(chip, virtual),
                Ads1220Config.bridge(128, 6, true),
                bridge,
                calibration,
                StrainDevice.channel("cell 1 hoop strain", 1));
    }

    @Test
    void eachBridgeTypeReadsBackTheStrainItCarries() throws Exception {
        for (BridgeStrain.Type type : BridgeStrain.Type.values()) {
            Ads1220Emulator chip = new Ads1220Emulator("spi-0.1", clock::get);
            BridgeStrain bridge = new BridgeStrain(type, 2.1);
            chip.setBridge(bridge, 0.0);
            chip.setStrain(-350e-6); // a can contracting on discharge
            double[] v = new double[1];
            Quality[] q = new Quality[1];
            device(chip, bridge, Calibration.NONE).sample(v, q);
            assertThat(q[0]).isEqualTo(Quality.OK);
            assertThat(v[0]).as("%s", type).isCloseTo(-350e-6, within(0.01e-6));
        }
    }

    /** The zero is the tare measured when the gauge was fitted, from the board file, not a re-zero at start. */
    @Test
    void theTareComesFromCalibration() throws Exception {
        Ads1220Emulator chip = new Ads1220Emulator("spi-0.1", clock::get);
        BridgeStrain bridge = new BridgeStrain(BridgeStrain.Type.FULL_BENDING, 2.0);
        chip.setBridge(bridge, bridge.ratio(40e-6)); // an unstrained bridge that reads 40 microstrain
        chip.setStrain(100e-6);
        double[] v = new double[1];
        Quality[] q = new Quality[1];
        device(chip, bridge, new Calibration(1.0, -40e-6)).sample(v, q);
        assertThat(v[0]).isCloseTo(100e-6, within(0.01e-6));
    }

    @Test
    void anOpenBridgeIsASensorFaultAndADeadChipABusFault() throws Exception {
        Ads1220Emulator chip = new Ads1220Emulator("spi-0.1", clock::get);
        BridgeStrain bridge = new BridgeStrain(BridgeStrain.Type.QUARTER, 2.0);
        chip.setBridge(bridge, 0.0);
        StrainDevice strain = device(chip, bridge, Calibration.NONE);
        double[] v = new double[1];
        Quality[] q = new Quality[1];
        chip.setOpenBridge(true);
        strain.sample(v, q);
        assertThat(q[0]).isEqualTo(Quality.SENSOR_FAULT);
        assertThat(v[0]).isNaN();
        chip.setDead(true);
        StrainDevice fresh = device(chip, bridge, Calibration.NONE);
        assertThatThrownBy(() -> fresh.sample(v, q))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("reads back");
    }

    @Test
    void aReadBeforeTheFirstConversionIsZeroAndTheDriverWaitsForIt() throws Exception {
        Ads1220Emulator chip = new Ads1220Emulator("spi-0.1", clock::get);
        chip.setStrain(500e-6);
        byte[] early = new byte[4];
        chip.transfer(new byte[] {0x43, 0x3E, 0x04, 0x50, 0x00}, new byte[5]);
        chip.transfer(new byte[] {0x08}, new byte[1]);
        chip.transfer(new byte[] {0x10, 0, 0, 0}, early);
        assertThat(early).containsOnly((byte) 0);
        Ads1220 adc = new Ads1220(chip, virtual);
        adc.configure(Ads1220Config.bridge(128, 0, false));
        assertThat(adc.read().code()).isPositive();
    }
}
