package org.healbms.drivers.vedirect;

import java.time.Duration;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.SampledDevice;
import org.healbms.drivers.bus.BusException;

/** A VE.Direct battery monitor as the acquisition loop samples it: pack current and voltage. */
public final class BatteryMonitorDevice implements SampledDevice {

    private final String id;
    private final Duration period;
    private final VeDirectBatteryMonitor monitor;
    private final List<Channel> channels;

    public BatteryMonitorDevice(String id, Duration period, VeDirectBatteryMonitor monitor, String currentName,
                                String voltageName) {
        this.id = id;
        this.period = period;
        this.monitor = monitor;
        this.channels = List.of(new Channel(currentName, ChannelKind.PACK_CURRENT, 0),
                new Channel(voltageName, ChannelKind.PACK_VOLTAGE, 0));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public Duration period() {
        return period;
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
