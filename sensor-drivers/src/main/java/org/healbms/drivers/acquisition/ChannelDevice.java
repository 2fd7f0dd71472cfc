package org.healbms.drivers.acquisition;

import java.time.Duration;
import java.util.List;
import org.healbms.core.reading.Channel;

/** The part every device adapter shares: its id, its sampling period and its channels. */
public abstract class ChannelDevice implements SampledDevice {

    private final String id;
    private final Duration period;
    private final List<Channel> channels;

    protected ChannelDevice(String id, Duration period, List<Channel> channels) {
        this.id = id;
        this.period = period;
        this.channels = List.copyOf(channels);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<Channel> channels() {
        return channels;
    }

    @Override
    public final Duration period() {
        return period;
    }
}
