package org.healbms.drivers.acquisition;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.bus.BusException;

/**
 * Samples one device and keeps its latest {@link DeviceHealth}. Each device is sampled on its own
 * thread by the loop, so a device that blocks (a TCP instrument timing out, an EIS sweep) delays only
 * its own values, never the frame.
 */
final class DeviceSampler {

    private final SampledDevice device;
    private final MonotonicClock clock;
    private final AtomicReference<DeviceHealth> health;
    private final double[] values;
    private final Quality[] quality;

    DeviceSampler(SampledDevice device, MonotonicClock clock) {
        this.device = device;
        this.clock = clock;
        this.health = new AtomicReference<>(DeviceHealth.initial(device.id()));
        this.values = new double[device.channels().size()];
        this.quality = new Quality[values.length];
    }

    SampledDevice device() {
        return device;
    }

    DeviceHealth health() {
        return health.get();
    }

    /** One attempt; never throws, whatever the driver does. */
    void sampleOnce() {
        Arrays.fill(values, Double.NaN);
        Arrays.fill(quality, null);
        try {
            device.sample(values, quality);
            for (int i = 0; i < quality.length; i++) {
                if (quality[i] == null) {
                    throw new IllegalStateException("device " + device.id() + " left channel "
                            + device.channels().get(i).name() + " without a quality");
                }
            }
            health.set(health.get().succeeded(new DeviceSample(values, quality, clock.nanoTime())));
        } catch (BusException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // the loop is stopping: an interrupted read says nothing about the device
            }
            health.set(health.get().failed(e.getMessage(), clock.nanoTime()));
        } catch (RuntimeException e) {
            // A driver bug must not take the loop down; it shows as a comms fault with its reason.
            health.set(health.get().failed(device.id() + ": driver error: " + e, clock.nanoTime()));
        }
    }
}
