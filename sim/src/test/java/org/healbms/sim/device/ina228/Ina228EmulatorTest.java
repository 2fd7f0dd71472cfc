package org.healbms.sim.device.ina228;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.ina228.Ina228;
import org.healbms.drivers.ina228.Ina228Diagnostic;
import org.healbms.drivers.ina228.Ina228Reading;
import org.junit.jupiter.api.Test;

class Ina228EmulatorTest {

    private final AtomicLong clock = new AtomicLong();

    @Test
    void measuresCurrentBothWaysAndCountsChargeOverTime() throws Exception {
        Ina228Emulator chip = new Ina228Emulator("i2c-1@0x40", 0.0005, clock::get);
        Ina228 ina = new Ina228(chip, 0.0005, 100, false);
        ina.initialise();
        chip.set(-25.0, 51.2);
        clock.addAndGet(3600L * 1_000_000_000L); // one hour at 25 A out
        Ina228Reading r = ina.read();
        assertThat(r.currentA()).isCloseTo(-25.0, within(2 * ina.currentLsbA() + 25.0 * 1e-4));
        assertThat(r.busVoltageV()).isCloseTo(51.2, within(2e-4));
        assertThat(r.chargeC() / 3600).isCloseTo(-25.0, within(0.05)); // Ah
        assertThat(r.powerW()).isCloseTo(1280, within(2.0));
        assertThat(r.energyJ()).isCloseTo(1280 * 3600.0, within(1280 * 3600.0 * 0.002));
        assertThat(r.diagnostics()).doesNotContain(Ina228Diagnostic.MEMORY_CHECKSUM_ERROR);
        chip.set(12.5, 52.0);
        assertThat(ina.read().currentA()).isCloseTo(12.5, within(0.01));
        ina.resetAccumulators();
        assertThat(ina.read().chargeC()).isZero();
    }

    /** The chip computes CURRENT from SHUNT_CAL: a driver that never wrote it reads no current. */
    @Test
    void withoutShuntCalibrationThereIsNoCurrent() throws Exception {
        Ina228Emulator chip = new Ina228Emulator("i2c-1@0x40", 0.0005, clock::get);
        chip.set(-25.0, 51.2);
        Ina228 ina = new Ina228(chip, 0.0005, 100, false);
        assertThat(ina.read().currentA()).isZero();
        assertThat(ina.read().shuntVoltageV()).isCloseTo(-0.0125, within(1e-6));
    }

    @Test
    void faultsAreFlaggedOrRaised() throws Exception {
        Ina228Emulator chip = new Ina228Emulator("i2c-1@0x40", 0.0005, clock::get);
        Ina228 ina = new Ina228(chip, 0.0005, 100, false);
        ina.initialise();
        chip.set(400.0, 51.2); // 200 mV across the shunt: beyond the ADC's 163.84 mV
        chip.setMemoryError(true);
        assertThat(ina.read().diagnostics())
                .contains(Ina228Diagnostic.SHUNT_OVER_LIMIT, Ina228Diagnostic.MEMORY_CHECKSUM_ERROR);
        chip.setSilent(true);
        assertThatThrownBy(ina::read).isInstanceOf(BusException.class).hasMessageContaining("no acknowledge");
    }
}
