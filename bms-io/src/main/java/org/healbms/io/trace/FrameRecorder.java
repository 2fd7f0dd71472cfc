package org.healbms.io.trace;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.drivers.acquisition.FrameListener;

/**
 * Records reading frames as a BDF trace, so a recording from hardware replays on a desktop.
 *
 * <p>Columns: {@code Test Time / s} from the first frame; then the standard BDF columns for the
 * first cell ({@code Voltage / V}, {@code Current / A}, {@code Surface Temperature T1 / degC}) so
 * that {@code healbms replay} runs on a recording as it is, with values that were not OK left empty
 * ("not logged") there; then every channel under its own label with its raw last value, and its
 * quality as a code column ({@code ... Quality / 1}: the ordinal of {@link Quality}).
 */
public final class FrameRecorder implements FrameListener, Closeable {

    private final BdfWriter writer;
    private final int voltage;
    private final int current;
    private final int temperature;
    private final int channels;
    private final double[] row;
    private long firstNanos = Long.MIN_VALUE;
    private long frames;

    public FrameRecorder(Path target, List<Channel> layout) throws IOException {
        this.channels = layout.size();
        this.voltage = firstOf(layout, ChannelKind.CELL_VOLTAGE, -1);
        this.current = firstOf(layout, ChannelKind.PACK_CURRENT, -1);
        int cell = voltage >= 0 ? layout.get(voltage).cell() : -1;
        this.temperature = firstOf(layout, ChannelKind.TEMPERATURE, cell);
        List<String> labels = new ArrayList<>(
                List.of(BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT, BdfLabels.SURFACE_TEMPERATURE_T1));
        for (Channel c : layout) {
            labels.add(c.bdfLabel());
        }
        for (Channel c : layout) {
            labels.add(c.bdfLabel().replace(" / " + c.kind().unit(), " Quality / 1"));
        }
        this.row = new double[labels.size()];
        this.writer = BdfWriter.create(target, labels);
    }

    private static int firstOf(List<Channel> layout, ChannelKind kind, int cell) {
        for (int i = 0; i < layout.size(); i++) {
            if (layout.get(i).kind() == kind && (cell < 0 || layout.get(i).cell() == cell)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void onFrame(ReadingFrame frame) throws IOException {
        if (firstNanos == Long.MIN_VALUE) {
            firstNanos = frame.monotonicNanos();
        }
        row[0] = (frame.monotonicNanos() - firstNanos) / 1e9;
        row[1] = usable(frame, voltage);
        row[2] = usable(frame, current);
        row[3] = usable(frame, temperature);
        for (int c = 0; c < channels; c++) {
            row[4 + c] = frame.value(c);
            row[4 + channels + c] = frame.quality(c).ordinal();
        }
        writer.row(row);
        frames++;
    }

    private static double usable(ReadingFrame frame, int channel) {
        return channel >= 0 && frame.quality(channel) == Quality.OK ? frame.value(channel) : Double.NaN;
    }

    public long frames() {
        return frames;
    }

    /** Finishes the recording and moves it into place. */
    public void commit() throws IOException {
        writer.commit();
    }

    /** Without a commit, abandons the recording (nothing half-written is left). */
    @Override
    public void close() throws IOException {
        writer.close();
    }
}
