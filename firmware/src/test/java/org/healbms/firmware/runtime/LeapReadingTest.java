package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.ReadingFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leap over a rest on the virtual clock is a board that slept through it: the first frame after it
 * must hold the cells as they are when it is taken, not as they were when the board went to sleep.
 */
class LeapReadingTest {

    /** The LTC6811's resolution (100 uV per code), plus a rounding's worth. */
    private static final double CODE_V = 100e-6;

    @TempDir
    Path dir;

    /** 3.50 V per cell until 100 s, 3.70 V after (the trace plant's 2 mV per cell spread on top). */
    @Test
    void theFirstFrameAfterALeapReadsTheCellsAsTheyAreAfterIt() throws Exception {
        VirtualBench bench = new VirtualBench(dir)
                .plant(0, 3.50, 0, 25)
                .plant(100, 3.70, 0, 25)
                .plant(7200, 3.70, 0, 25);
        try (VirtualRun run = bench.start()) {
            ReadingFrame before = run.runUntil(Duration.ofSeconds(10));
            assertThat(cellVoltage(before, 1)).isCloseTo(3.50, within(CODE_V));
            ReadingFrame after = run.leap(Duration.ofHours(1));
            for (int cell = 1; cell <= 4; cell++) {
                assertThat(cellVoltage(after, cell))
                        .as("cell %d, first frame after the leap", cell)
                        .isCloseTo(3.70 - 0.002 * (cell - 1), within(CODE_V));
            }
            run.stop();
        }
    }

    private static double cellVoltage(ReadingFrame frame, int cell) {
        for (int c = 0; c < frame.layout().size(); c++) {
            Channel ch = frame.layout().get(c);
            if (ch.kind() == ChannelKind.CELL_VOLTAGE && ch.cell() == cell) {
                return frame.value(c);
            }
        }
        throw new AssertionError("no voltage channel for cell " + cell);
    }
}
