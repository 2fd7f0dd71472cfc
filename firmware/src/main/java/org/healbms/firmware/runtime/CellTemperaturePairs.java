package org.healbms.firmware.runtime;

import java.util.AbstractList;
import java.util.RandomAccess;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.healing.thermal.TemperaturePair;

/**
 * Each cell's two independent temperatures in the current frame, in cell order: a view that makes a
 * pair only when one is asked for (healing asks for the cells it heats), so a tick builds none for
 * the others. Pointed at each tick's frame by the control tick.
 */
final class CellTemperaturePairs extends AbstractList<TemperaturePair> implements RandomAccess {

    private final FrameChannels channels;
    private ReadingFrame frame;

    CellTemperaturePairs(FrameChannels channels) {
        this.channels = channels;
    }

    void of(ReadingFrame next) {
        this.frame = next;
    }

    @Override
    public TemperaturePair get(int k) {
        int ta = channels.cellTemperature()[k];
        int tb = channels.cellSecondTemperature()[k];
        return new TemperaturePair(
                ta >= 0 ? frame.value(ta) : Double.NaN,
                ta >= 0 && frame.quality(ta) == Quality.OK,
                tb >= 0 ? frame.value(tb) : Double.NaN,
                tb >= 0 && frame.quality(tb) == Quality.OK);
    }

    @Override
    public int size() {
        return channels.cells();
    }
}
