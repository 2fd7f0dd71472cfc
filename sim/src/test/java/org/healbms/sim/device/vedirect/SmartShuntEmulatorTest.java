package org.healbms.sim.device.vedirect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.healbms.drivers.vedirect.BatteryMonitorReading;
import org.healbms.drivers.vedirect.VeDirectBatteryMonitor;
import org.junit.jupiter.api.Test;

class SmartShuntEmulatorTest {

    @Test
    void theDriverReadsWhatTheShuntMeasuresThroughNoiseAndBadBlocks() throws Exception {
        SmartShuntEmulator shunt = new SmartShuntEmulator("/dev/ttyUSB0", 100.0, 20);
        VeDirectBatteryMonitor monitor = new VeDirectBatteryMonitor(shunt, System::nanoTime);
        shunt.set(51.2, -25.0, 24.0);
        shunt.advance(3600); // one hour at 25 A out of 100 Ah
        shunt.injectNoise(new byte[] {0x13, 0x00, (byte) 0xFE, '\r'});
        shunt.sendBlock(); // live, but the noise joins it: dropped
        shunt.sendBlock(); // history
        shunt.sendHexFrame();
        shunt.corruptNextBlock();
        shunt.sendBlock(); // live, corrupted: dropped
        shunt.sendBlock(); // history
        shunt.sendBlock(); // live, good
        BatteryMonitorReading r = monitor.read(Duration.ofSeconds(2));
        assertThat(r.voltageV()).isEqualTo(51.2);
        assertThat(r.currentA()).isEqualTo(-25.0);
        assertThat(r.consumedAh()).isCloseTo(-25.0, within(1e-9));
        assertThat(r.soc()).isEqualTo(0.75);
        assertThat(r.timeToGoMin()).isEqualTo(180.0);
        assertThat(r.temperatureDegC()).isEqualTo(24.0);
        assertThat(monitor.decoder().checksumErrors()).isEqualTo(2);
        assertThat(monitor.decoder().hexFrames()).isEqualTo(1);
    }

    @Test
    void aTransmittingShuntIsReadOnTheWallClock() throws Exception {
        try (SmartShuntEmulator shunt = new SmartShuntEmulator("/dev/ttyUSB1", 50.0, 20)) {
            shunt.set(3.7, 1.5, Double.NaN);
            shunt.startTransmitting(20);
            BatteryMonitorReading r = new VeDirectBatteryMonitor(shunt, System::nanoTime).read(Duration.ofSeconds(2));
            assertThat(r.currentA()).isEqualTo(1.5);
            assertThat(r.timeToGoMin()).isInfinite(); // charging
        }
    }
}
