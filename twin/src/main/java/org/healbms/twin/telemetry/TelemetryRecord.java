package org.healbms.twin.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;

/**
 * One pack's telemetry at one tick, as its firmware's reading frame carries it: every series cell's
 * voltage and temperature, the string current, each with its {@link Quality}. A value that is not
 * {@link Quality#OK} may be NaN; the estimator never uses it.
 *
 * @param tick      the firmware's tick number (restarts with the firmware; used to tell a repeated
 *                  record from a new one at the same time)
 * @param timeNanos when the frame was assembled, ns since the epoch: the pack's clock, which a
 *                  restart of its firmware does not set back
 * @param protectionFaults the pack's active protection faults after the tick, by their ids as the
 *                  firmware's life story counts them ({@code FaultId} names, e.g. CELL_OVERVOLTAGE),
 *                  each once; empty from a firmware that does not send them
 */
public record TelemetryRecord(
        long tick,
        long timeNanos,
        double currentA,
        Quality currentQuality,
        double[] cellVoltageV,
        Quality[] cellVoltageQuality,
        double[] cellTemperatureDegC,
        Quality[] cellTemperatureQuality,
        List<String> protectionFaults) {

    /** One frame layout per cell count: a tick indexes arrays, it does not build names. */
    private static final ConcurrentHashMap<Integer, List<Channel>> LAYOUTS = new ConcurrentHashMap<>();

    public TelemetryRecord {
        Objects.requireNonNull(currentQuality, "currentQuality");
        int cells = cellVoltageV.length;
        if (cellVoltageQuality.length != cells
                || cellTemperatureDegC.length != cells
                || cellTemperatureQuality.length != cells) {
            throw new IllegalArgumentException(
                    "a telemetry record needs one voltage, temperature and quality per cell");
        }
        cellVoltageV = cellVoltageV.clone();
        cellVoltageQuality = cellVoltageQuality.clone();
        cellTemperatureDegC = cellTemperatureDegC.clone();
        cellTemperatureQuality = cellTemperatureQuality.clone();
        protectionFaults = List.copyOf(protectionFaults);
        if (protectionFaults.stream().distinct().count() != protectionFaults.size()) {
            throw new IllegalArgumentException("a protection fault is named twice: " + protectionFaults);
        }
    }

    public int cells() {
        return cellVoltageV.length;
    }

    /** The frame layout the twin's estimator is built on: per cell its voltage and temperature, then the current. */
    public static List<Channel> layout(int cells) {
        return LAYOUTS.computeIfAbsent(cells, n -> {
            List<Channel> channels = new ArrayList<>(2 * n + 1);
            for (int k = 1; k <= n; k++) {
                channels.add(new Channel("cell " + k + " voltage", ChannelKind.CELL_VOLTAGE, k));
                channels.add(new Channel("cell " + k + " temperature", ChannelKind.TEMPERATURE, k));
            }
            channels.add(new Channel("pack current", ChannelKind.PACK_CURRENT, 0));
            return List.copyOf(channels);
        });
    }

    /** The reading frame the firmware had at this tick, on {@link #layout}. */
    public ReadingFrame frame() {
        int n = cells();
        double[] values = new double[2 * n + 1];
        Quality[] quality = new Quality[2 * n + 1];
        long[] sampledAt = new long[2 * n + 1];
        for (int k = 0; k < n; k++) {
            values[2 * k] = cellVoltageV[k];
            quality[2 * k] = cellVoltageQuality[k];
            values[2 * k + 1] = cellTemperatureDegC[k];
            quality[2 * k + 1] = cellTemperatureQuality[k];
        }
        values[2 * n] = currentA;
        quality[2 * n] = currentQuality;
        Arrays.fill(sampledAt, timeNanos);
        return new ReadingFrame(tick, timeNanos, layout(n), values, quality, sampledAt);
    }

    @Override
    public double[] cellVoltageV() {
        return cellVoltageV.clone();
    }

    @Override
    public Quality[] cellVoltageQuality() {
        return cellVoltageQuality.clone();
    }

    @Override
    public double[] cellTemperatureDegC() {
        return cellTemperatureDegC.clone();
    }

    @Override
    public Quality[] cellTemperatureQuality() {
        return cellTemperatureQuality.clone();
    }
}
