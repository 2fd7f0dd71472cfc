package org.healbms.drivers.acquisition;

import java.time.Duration;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.bus.BusException;

/**
 * A chip as the acquisition loop sees it: the channels it serves, how often to sample it, and one
 * sampling operation. Each chip driver gets a small adapter to this shape; the loop knows nothing
 * about registers.
 */
public interface SampledDevice {

    /** The board description's id for this device, e.g. {@code "cellmon"}. */
    String id();

    /** The channels this device fills, in the order {@link #sample} writes them. */
    List<Channel> channels();

    /** How often to sample. */
    Duration period();

    /**
     * Samples every channel. Writes one value and one quality per channel: {@link Quality#OK}, or
     * {@link Quality#SENSOR_FAULT} where the chip reports a broken sensor (the value is then NaN).
     *
     * @throws BusException when the device cannot be read at all; the loop marks its values
     *                      {@link Quality#COMMS_FAULT} and keeps going
     */
    void sample(double[] values, Quality[] quality) throws BusException;
}
