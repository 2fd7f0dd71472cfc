package org.healbms.drivers.ltc681x;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.ChannelDevice;
import org.healbms.drivers.bus.BusException;

/**
 * An LTC681x chain as the acquisition loop samples it: one voltage channel per wired cell. It
 * configures the chain on first use, again after any failure (a chip that browned out has lost its
 * configuration) and whenever the chain may have slept since the last sample (a board that slept, a
 * sampling period beyond the watchdog's: the sleep reset ADCOPT, REFON and the thresholds, and a
 * conversion in the reset ADC mode takes another time than the one the driver waits for), and runs
 * the open-wire check every {@link #OPEN_WIRE_EVERY} samples: a cell with an open sense wire on either
 * side (found by two checks in a row, {@link Ltc681x#checkOpenWires}) reads as a sensor fault, not a
 * voltage, until a later check finds the wire connected.
 */
public final class CellMonitorDevice extends ChannelDevice {

    /** About every 10 s at 10 Hz: an open-wire check takes four slow conversions. */
    static final int OPEN_WIRE_EVERY = 100;

    private final Ltc681x chain;
    private final int icCount;
    private final List<CellInput> wiring;
    private final double undervoltageV;
    private final double overvoltageV;
    private boolean configured;
    private long samples;
    private List<OpenWireResult> openWires = List.of();

    public CellMonitorDevice(
            String id,
            Duration period,
            Ltc681x chain,
            int icCount,
            List<CellInput> wiring,
            double undervoltageV,
            double overvoltageV) {
        super(
                id,
                period,
                wiring.stream()
                        .map(c -> new Channel("cell " + c.cell() + " voltage", ChannelKind.CELL_VOLTAGE, c.cell()))
                        .toList());
        this.chain = chain;
        this.icCount = icCount;
        this.wiring = List.copyOf(wiring);
        this.undervoltageV = undervoltageV;
        this.overvoltageV = overvoltageV;
    }

    @Override
    public void sample(double[] values, Quality[] quality) throws BusException {
        try {
            if (!configured || chain.mayHaveSlept()) {
                chain.wakeUp();
                List<IcConfiguration> config = new ArrayList<>();
                for (int ic = 0; ic < icCount; ic++) {
                    config.add(IcConfiguration.of(undervoltageV, overvoltageV));
                }
                chain.writeConfiguration(config);
                configured = true;
            }
            if (samples++ % OPEN_WIRE_EVERY == 0) {
                openWires = chain.checkOpenWires();
            }
            List<CellVoltages> voltages = chain.measureCellVoltages();
            if (anyWiredInputWithoutData(voltages)) {
                // A conversion command lost on the way (a port that went idle under it) leaves the
                // registers without data; it is a fault only if a second conversion does too.
                voltages = chain.measureCellVoltages();
            }
            for (int k = 0; k < wiring.size(); k++) {
                CellInput c = wiring.get(k);
                CellVoltages ic = voltages.get(c.ic());
                boolean open = openWires.size() > c.ic()
                        && (openWires.get(c.ic()).isOpen(c.input() - 1)
                                || openWires.get(c.ic()).isOpen(c.input()));
                if (open || ic.noData(c.input() - 1)) {
                    values[k] = Double.NaN;
                    quality[k] = Quality.SENSOR_FAULT;
                } else {
                    values[k] = c.calibration().apply(ic.volts(c.input() - 1));
                    quality[k] = Quality.OK;
                }
            }
        } catch (BusException e) {
            configured = false;
            throw e;
        }
    }

    private boolean anyWiredInputWithoutData(List<CellVoltages> voltages) {
        for (CellInput c : wiring) {
            if (voltages.get(c.ic()).noData(c.input() - 1)) {
                return true;
            }
        }
        return false;
    }
}
