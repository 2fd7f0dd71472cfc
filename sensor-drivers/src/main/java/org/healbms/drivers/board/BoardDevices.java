package org.healbms.drivers.board;

import java.util.ArrayList;
import java.util.List;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.drivers.acquisition.SampledDevice;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.vedirect.BatteryMonitorDevice;
import org.healbms.drivers.vedirect.VeDirectBatteryMonitor;

/**
 * Opens the devices a board description lists on a platform and wraps each driver as a
 * {@link SampledDevice}. The platform decides whether the bytes go to real chips or to emulators;
 * nothing here knows which.
 */
public final class BoardDevices {

    /** VE.Direct runs at 19200 baud, 8N1 (Victron's VE.Direct protocol document). */
    static final int VE_DIRECT_BAUD = 19_200;

    private BoardDevices() {
    }

    public static List<SampledDevice> open(BoardDescription board, BusPlatform platform, MonotonicClock clock)
            throws BusException {
        List<SampledDevice> devices = new ArrayList<>();
        for (DeviceDescription d : board.devices()) {
            devices.add(open(d, platform, clock));
        }
        return devices;
    }

    private static SampledDevice open(DeviceDescription d, BusPlatform platform, MonotonicClock clock)
            throws BusException {
        return switch (d) {
            case DeviceDescription.SerialBatteryMonitor m -> new BatteryMonitorDevice(m.id(), m.period(),
                    new VeDirectBatteryMonitor(platform.serial(m.port(), VE_DIRECT_BAUD), clock::nanoTime),
                    m.currentName(), m.voltageName());
            default -> throw new IllegalArgumentException(d.id() + ": no driver adapter for " + d.getClass().getSimpleName());
        };
    }
}
