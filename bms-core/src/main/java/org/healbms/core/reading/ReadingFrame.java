package org.healbms.core.reading;

import java.util.List;

/**
 * Everything the board measured at one tick of the acquisition loop: one value and one quality per
 * channel of the layout, and when each value was sampled. Immutable: the arrays are copied in and
 * out, so a frame handed to the estimator, the recorder and telemetry stays what it was.
 *
 * @param tick          tick number since the loop started
 * @param monotonicNanos when the frame was assembled, on the loop's monotonic clock
 * @param layout        the channels, in order
 */
public record ReadingFrame(
        long tick,
        long monotonicNanos,
        List<Channel> layout,
        double[] values,
        Quality[] quality,
        long[] sampledAtNanos) {

    public ReadingFrame {
        layout = List.copyOf(layout);
        if (values.length != layout.size()
                || quality.length != layout.size()
                || sampledAtNanos.length != layout.size()) {
            throw new IllegalArgumentException("a frame needs one value, quality and time per channel");
        }
        values = values.clone();
        quality = quality.clone();
        sampledAtNanos = sampledAtNanos.clone();
    }

    public double value(int channel) {
        return values[channel];
    }

    public Quality quality(int channel) {
        return quality[channel];
    }

    /** How old the value was when the frame was assembled, ns (Long.MAX_VALUE if never sampled). */
    public long ageNanos(int channel) {
        long at = sampledAtNanos[channel];
        return at == Long.MIN_VALUE ? Long.MAX_VALUE : monotonicNanos - at;
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public Quality[] quality() {
        return quality.clone();
    }

    @Override
    public long[] sampledAtNanos() {
        return sampledAtNanos.clone();
    }
}
