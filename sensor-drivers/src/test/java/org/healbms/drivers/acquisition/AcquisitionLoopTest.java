package org.healbms.drivers.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.drivers.bus.BusException;
import org.junit.jupiter.api.Test;

class AcquisitionLoopTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock implements MonotonicClock {
        long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        void advanceMillis(long ms) {
            now += ms * 1_000_000L;
        }
    }

    /** A device whose answers the test scripts: a value per channel, a fault, or silence. */
    private static class ScriptedDevice implements SampledDevice {
        final String id;
        final List<Channel> channels;
        final Duration period;
        double value;
        boolean silent;
        boolean hangs;
        Quality reported = Quality.OK;
        int samples;

        ScriptedDevice(String id, Duration period, Channel... channels) {
            this.id = id;
            this.period = period;
            this.channels = List.of(channels);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public List<Channel> channels() {
            return channels;
        }

        @Override
        public Duration period() {
            return period;
        }

        @Override
        public void sample(double[] values, Quality[] quality) throws BusException {
            if (hangs) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new BusException(id + ": interrupted while hanging");
            }
            if (silent) {
                throw new BusException(id + ": no acknowledge");
            }
            samples++;
            for (int i = 0; i < values.length; i++) {
                values[i] = reported == Quality.SENSOR_FAULT ? Double.NaN : value + i;
                quality[i] = reported;
            }
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ScriptedDevice cells = new ScriptedDevice(
            "cellmon",
            Duration.ofMillis(100),
            new Channel("cell 1 voltage", ChannelKind.CELL_VOLTAGE, 1),
            new Channel("cell 2 voltage", ChannelKind.CELL_VOLTAGE, 2));
    private final ScriptedDevice ntc =
            new ScriptedDevice("ntc", Duration.ofSeconds(1), new Channel("cell 1 surface", ChannelKind.TEMPERATURE, 1));

    private List<ReadingFrame> run(AcquisitionLoop loop, int ticks) throws Exception {
        List<ReadingFrame> frames = new ArrayList<>();
        for (int t = 0; t < ticks; t++) {
            frames.add(loop.stepTo());
            clock.advanceMillis(100);
        }
        return frames;
    }

    @Test
    void samplesEachDeviceAtItsOwnRateAndStampsEveryValue() throws Exception {
        cells.value = 3.6;
        ntc.value = 25.0;
        AcquisitionLoop loop = new AcquisitionLoop(List.of(cells, ntc), Duration.ofMillis(100), clock);
        List<ReadingFrame> seen = new ArrayList<>();
        loop.addListener(seen::add);
        List<ReadingFrame> frames = run(loop, 30);
        assertThat(seen).hasSize(30);
        assertThat(cells.samples).isEqualTo(30);
        assertThat(ntc.samples).isEqualTo(3);
        ReadingFrame last = frames.getLast();
        assertThat(last.layout())
                .extracting(Channel::name)
                .containsExactly("cell 1 voltage", "cell 2 voltage", "cell 1 surface");
        assertThat(last.value(0)).isEqualTo(3.6);
        assertThat(last.value(1)).isEqualTo(4.6);
        assertThat(last.quality()).containsOnly(Quality.OK);
        // The thermistor was last sampled at tick 20, 0.9 s before the last frame.
        assertThat(last.ageNanos(2)).isEqualTo(900_000_000L);
        assertThat(last.ageNanos(0)).isZero();
        assertThat(loop.statistics().ticks()).isEqualTo(30);
    }

    @Test
    void aSilentDeviceDegradesOnlyItsOwnValuesAndRecovers() throws Exception {
        cells.value = 3.6;
        ntc.value = 25.0;
        AcquisitionLoop loop = new AcquisitionLoop(List.of(cells, ntc), Duration.ofMillis(100), clock);
        run(loop, 5);
        cells.silent = true;
        ReadingFrame during = run(loop, 3).getLast();
        assertThat(during.quality(0)).isEqualTo(Quality.COMMS_FAULT);
        assertThat(during.value(0)).isEqualTo(3.6); // last known, flagged
        assertThat(during.quality(2)).isEqualTo(Quality.OK);
        assertThat(loop.deviceHealth().get(0).lastError()).contains("cellmon: no acknowledge");
        assertThat(loop.deviceHealth().get(0).failures()).isEqualTo(3);
        cells.silent = false;
        cells.value = 3.5;
        ReadingFrame after = run(loop, 1).getLast();
        assertThat(after.quality(0)).isEqualTo(Quality.OK);
        assertThat(after.value(0)).isEqualTo(3.5);
    }

    @Test
    void aValueNotRefreshedForThreeOfItsPeriodsIsStale() throws Exception {
        cells.value = 3.6;
        ntc.value = 25.0;
        AcquisitionLoop loop = new AcquisitionLoop(List.of(cells, ntc), Duration.ofMillis(100), clock);
        loop.stepTo();
        // Assembled later without sampling again (a device thread that fell behind): each value ages
        // against its own device's period.
        FrameAssembler assembler = new FrameAssembler(List.of(cells, ntc));
        ReadingFrame at2900ms = assembler.assemble(1, clock.nanoTime() + 2_900_000_000L, loop.deviceHealth());
        assertThat(at2900ms.quality(0)).isEqualTo(Quality.STALE); // 29 of its 100 ms periods
        assertThat(at2900ms.quality(2)).isEqualTo(Quality.OK); // 2.9 of its 1 s periods
        ReadingFrame at3100ms = assembler.assemble(2, clock.nanoTime() + 3_100_000_000L, loop.deviceHealth());
        assertThat(at3100ms.quality(2)).isEqualTo(Quality.STALE);
        assertThat(at3100ms.value(2)).isEqualTo(25.0);
    }

    @Test
    void implausibleValuesAndSensorFaultsAreFlaggedNotPassedOn() throws Exception {
        cells.value = 7.0; // no cell monitor input reads 7 V: a measurement problem
        ntc.reported = Quality.SENSOR_FAULT;
        AcquisitionLoop loop = new AcquisitionLoop(List.of(cells, ntc), Duration.ofMillis(100), clock);
        ReadingFrame frame = loop.stepTo();
        assertThat(frame.quality(0)).isEqualTo(Quality.OUT_OF_RANGE);
        assertThat(frame.quality(2)).isEqualTo(Quality.SENSOR_FAULT);
        assertThat(frame.value(2)).isNaN();
    }

    @Test
    void aFrameCannotBeChangedByItsReaders() throws Exception {
        cells.value = 3.6;
        ntc.value = 25.0;
        ReadingFrame frame = new AcquisitionLoop(List.of(cells, ntc), Duration.ofMillis(100), clock).stepTo();
        frame.values()[0] = 0;
        frame.quality()[0] = Quality.COMMS_FAULT;
        assertThat(frame.value(0)).isEqualTo(3.6);
        assertThat(frame.quality(0)).isEqualTo(Quality.OK);
    }

    @Test
    void aBoardThatNamesAChannelTwiceIsRefused() {
        ScriptedDevice other = new ScriptedDevice(
                "other", Duration.ofSeconds(1), new Channel("cell 1 surface", ChannelKind.TEMPERATURE, 1));
        assertThatThrownBy(() -> new AcquisitionLoop(List.of(cells, ntc, other), Duration.ofMillis(100), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cell 1 surface")
                .hasMessageContaining("other");
    }

    /**
     * On the wall clock, a device that hangs on the bus ages its own values; frames keep coming, once
     * the first frame has waited its longest for the hanging device's first attempt.
     */
    @Test
    void aHangingDeviceDoesNotStopTheRealTimeLoop() throws Exception {
        cells.value = 3.6;
        ntc.hangs = true;
        AcquisitionLoop loop = new AcquisitionLoop(List.of(cells, ntc), Duration.ofMillis(50), MonotonicClock.SYSTEM);
        List<ReadingFrame> frames = new ArrayList<>();
        loop.addListener(frames::add);
        LoopStatistics stats = loop.runRealTime(AcquisitionLoop.FIRST_ATTEMPTS_WAIT.plusMillis(600));
        assertThat(frames.size()).isBetween(6, 13); // 12 at 50 ms; fewer if the machine is busy
        assertThat(stats.ticks()).isEqualTo(frames.size());
        ReadingFrame last = frames.getLast();
        assertThat(last.quality(0)).isEqualTo(Quality.OK);
        assertThat(last.quality(2)).isEqualTo(Quality.STALE); // never answered
        assertThat(cells.samples).isGreaterThanOrEqualTo(4);
    }

    /**
     * On the wall clock, the first frame holds measurements even when a device's first sample is slow
     * (cold code on a loaded machine, a chip's wake-up): it waits for every device's first attempt, so
     * a measurement fault's debounce never starts on values that were never sampled.
     */
    @Test
    void theFirstRealTimeFrameWaitsForEveryDevicesFirstSample() throws Exception {
        ScriptedDevice slowToStart =
                new ScriptedDevice(
                        "cellmon", Duration.ofMillis(100), new Channel("cell 1 voltage", ChannelKind.CELL_VOLTAGE, 1)) {
                    @Override
                    public void sample(double[] values, Quality[] quality) throws BusException {
                        if (samples == 0) {
                            try {
                                Thread.sleep(400); // longer than the loop's 3 stale periods of 100 ms
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        super.sample(values, quality);
                    }
                };
        slowToStart.value = 3.6;
        AcquisitionLoop loop = new AcquisitionLoop(List.of(slowToStart), Duration.ofMillis(100), MonotonicClock.SYSTEM);
        List<ReadingFrame> frames = new ArrayList<>();
        loop.addListener(frames::add);
        loop.runRealTime(Duration.ofMillis(1500));
        assertThat(frames).isNotEmpty();
        assertThat(frames.getFirst().quality(0)).isEqualTo(Quality.OK);
        assertThat(frames.getFirst().value(0)).isEqualTo(3.6);
    }
}
