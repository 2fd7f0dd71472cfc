package org.healbms.drivers.vedirect;

import java.time.Duration;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.ChannelDevice;
import org.healbms.drivers.bus.BusException;

/** A VE.Direct battery monitor as the acquisition loop samples it: pack current and voltage. */
public final class BatteryMonitorDevice extends ChannelDevice {

    private final VeDirectBatteryMonitor monitor;

    public BatteryMonitorDevice(
            String id, Duration period, VeDirectBatteryMonitor monitor, String currentName, String voltageName) {
        super(
                id,
                period,
                List.of(
                        new Channel(currentName, ChannelKind.PACK_CURRENT, 0),
                        new Channel(voltageName, ChannelKind.PACK_VOLTAGE, 0)));
        this.monitor = monitor;
    }

    @Override
    public void sample(double[] values, Quality[] quality) throws BusException {
        BatteryMonitorReading r = monitor.read(VeDirectBatteryMonitor.DEFAULT_TIMEOUT);
        values[0] = r.currentA();
        values[1] = r.voltageV();
        quality[0] = Double.isFinite(r.currentA()) ? Quality.OK : Quality.SENSOR_FAULT;
        quality[1] = Double.isFinite(r.voltageV()) ? Quality.OK : Quality.SENSOR_FAULT;
    }
}
