package org.healbms.drivers.ina228;

import java.time.Duration;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.Calibration;
import org.healbms.drivers.acquisition.ChannelDevice;
import org.healbms.drivers.bus.BusException;

/**
 * The INA228 as the acquisition loop samples it: pack current, pack (bus) voltage and the shunt
 * monitor's die temperature. It configures on first use and after any failure (a chip that lost
 * power has lost SHUNT_CAL and would read no current). A saturated shunt ADC makes the current a
 * sensor fault, not a number; a trim-memory error makes every value one.
 */
public final class CurrentMonitorDevice extends ChannelDevice {

    private final Ina228 chip;
    private final Calibration calibration;
    private boolean configured;

    public CurrentMonitorDevice(String id, Duration period, Ina228 chip, Calibration calibration) {
        super(
                id,
                period,
                List.of(
                        new Channel("pack current", ChannelKind.PACK_CURRENT, 0),
                        new Channel("pack voltage", ChannelKind.PACK_VOLTAGE, 0),
                        new Channel("shunt monitor die", ChannelKind.TEMPERATURE, 0)));
        this.chip = chip;
        this.calibration = calibration;
    }

    @Override
    public void sample(double[] values, Quality[] quality) throws BusException {
        try {
            if (!configured) {
                chip.initialise();
                configured = true;
            }
            Ina228Reading r = chip.read();
            boolean broken = r.diagnostics().contains(Ina228Diagnostic.MEMORY_CHECKSUM_ERROR);
            boolean saturated = r.diagnostics().contains(Ina228Diagnostic.SHUNT_OVER_LIMIT)
                    || r.diagnostics().contains(Ina228Diagnostic.SHUNT_UNDER_LIMIT);
            values[0] = calibration.apply(r.currentA());
            values[1] = r.busVoltageV();
            values[2] = r.dieTemperatureDegC();
            quality[0] = broken || saturated ? Quality.SENSOR_FAULT : Quality.OK;
            quality[1] = broken ? Quality.SENSOR_FAULT : Quality.OK;
            quality[2] = broken ? Quality.SENSOR_FAULT : Quality.OK;
        } catch (BusException e) {
            configured = false;
            throw e;
        }
    }
}
