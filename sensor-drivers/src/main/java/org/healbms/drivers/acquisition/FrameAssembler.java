package org.healbms.drivers.acquisition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;

/**
 * Builds a frame from the latest state of every device, deciding each value's quality:
 * the device's failure wins (COMMS_FAULT), then age (STALE after {@value #STALE_PERIODS} of the
 * device's periods), then what the device said (SENSOR_FAULT), then plausibility (OUT_OF_RANGE).
 * A failed device keeps its last good value in the frame, flagged, so a recording shows what was last
 * known; consumers act only on OK values.
 */
final class FrameAssembler {

    static final int STALE_PERIODS = 3;

    private final List<SampledDevice> devices;
    private final List<Channel> layout;

    FrameAssembler(List<SampledDevice> devices) {
        this.devices = List.copyOf(devices);
        List<Channel> channels = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (SampledDevice d : devices) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("two devices have the id '" + d.id() + "'");
            }
            for (Channel c : d.channels()) {
                if (!names.add(c.name())) {
                    throw new IllegalArgumentException(
                            "channel '" + c.name() + "' is served twice (again by " + d.id() + ")");
                }
                channels.add(c);
            }
        }
        this.layout = List.copyOf(channels);
    }

    List<Channel> layout() {
        return layout;
    }

    ReadingFrame assemble(long tick, long nowNanos, List<DeviceHealth> health) {
        int n = layout.size();
        double[] values = new double[n];
        Quality[] quality = new Quality[n];
        long[] sampledAt = new long[n];
        int k = 0;
        for (int d = 0; d < devices.size(); d++) {
            SampledDevice device = devices.get(d);
            DeviceHealth h = health.get(d);
            DeviceSample last = h.lastGood();
            long staleAfter = STALE_PERIODS * device.period().toNanos();
            for (int c = 0; c < device.channels().size(); c++, k++) {
                if (last == null) {
                    values[k] = Double.NaN;
                    sampledAt[k] = Long.MIN_VALUE;
                    quality[k] = h.failing() ? Quality.COMMS_FAULT : Quality.STALE;
                    continue;
                }
                values[k] = last.values()[c];
                sampledAt[k] = last.sampledAtNanos();
                if (h.failing()) {
                    quality[k] = Quality.COMMS_FAULT;
                } else if (nowNanos - last.sampledAtNanos() > staleAfter) {
                    quality[k] = Quality.STALE;
                } else if (last.quality()[c] != Quality.OK) {
                    quality[k] = last.quality()[c];
                } else if (!layout.get(k).kind().plausible(values[k])) {
                    quality[k] = Quality.OUT_OF_RANGE;
                } else {
                    quality[k] = Quality.OK;
                }
            }
        }
        return new ReadingFrame(tick, nowNanos, layout, values, quality, sampledAt);
    }
}
