package org.healbms.firmware.runtime;

import java.util.List;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.platform.BoardPlatform;
import org.healbms.drivers.platform.ModelledContactors;
import org.healbms.healing.thermal.HeaterWatchdog;

/**
 * What the control tick reads from and drives on the board, beyond the reading frame's devices.
 *
 * @param platform            the opened platform (moves a simulated plant on; nothing on hardware)
 * @param modelledContactors  the platform's modelled contactors and DC link, or null: GPIO coils, measured link
 * @param channels            where each cell's values are in a frame
 * @param linkChannel         the frame channel measuring the DC link, or -1
 * @param heaterOutputs       the board's heaters ...
 * @param heaterWatchdogs     ... and the watchdog each is driven through, in the same order
 */
record BoardIo(
        BoardPlatform platform,
        ModelledContactors modelledContactors,
        FrameChannels channels,
        int linkChannel,
        List<BoardDescription.HeaterOutput> heaterOutputs,
        List<HeaterWatchdog> heaterWatchdogs) {

    /** A channel's value if its quality is OK, else NaN; NaN too for a channel the board lacks (-1). */
    static double ok(ReadingFrame frame, int channel) {
        return channel >= 0 && frame.quality(channel) == Quality.OK ? frame.value(channel) : Double.NaN;
    }

    double packCurrent(ReadingFrame frame) {
        return ok(frame, channels.packCurrent());
    }

    /** Each cell's voltage if its reading is OK, else NaN, into {@code v} (one per cell). */
    void cellVoltages(ReadingFrame frame, double[] v) {
        for (int k = 0; k < v.length; k++) {
            v[k] = ok(frame, channels.cellVoltage()[k]);
        }
    }

    /** The sum of the cell voltages; NaN unless every one of them is OK. */
    double packVoltage(ReadingFrame frame) {
        double sum = 0;
        for (int vi : channels.cellVoltage()) {
            if (frame.quality(vi) != Quality.OK) {
                return Double.NaN;
            }
            sum += frame.value(vi);
        }
        return sum;
    }

    /** The DC link: modelled on a simulation, measured where the board has a channel for it, else unknown. */
    double linkVoltage(ReadingFrame frame, double packV, long nowNanos) {
        return modelledContactors != null ? modelledContactors.linkVoltage(packV, nowNanos) : ok(frame, linkChannel);
    }

    /**
     * Each cell's surface temperature, into {@code t} (one per cell); a cell without its own sensor takes
     * the mean of the others.
     */
    void cellTemperatures(ReadingFrame frame, double[] t) {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < t.length; k++) {
            t[k] = ok(frame, channels.cellTemperature()[k]);
            if (Double.isFinite(t[k])) {
                sum += t[k];
                n++;
            }
        }
        // With no sensor at all, nothing is allowed: NaN stays.
        for (int k = 0; k < t.length; k++) {
            if (channels.cellTemperature()[k] < 0 && n > 0) {
                t[k] = sum / n;
            }
        }
    }
}
