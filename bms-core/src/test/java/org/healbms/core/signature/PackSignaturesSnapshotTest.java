package org.healbms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.SyntheticCells;
import org.healbms.core.estimation.ResistanceHealth;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.junit.jupiter.api.Test;

/**
 * The detectors' snapshots: a detector set restored from one, at any tick (timers half run, a
 * baseline half learnt, a rest half fitted), finds exactly what the uninterrupted set finds after it.
 */
class PackSignaturesSnapshotTest {

    private static final double RATED_AH = 2.9;
    /** The synthetic NCA cell rated at {@link #RATED_AH}: the stripping detector's model. */
    private static final CellParameters CELL = rated(SyntheticCells.nca(0.005));

    private static final int CELLS = 4;
    private static final long S = 1_000_000_000L;
    /** Three hours at 1 s: long enough for the hour-long windows (capacity fade, swelling) to fire. */
    private static final int TICKS = 3 * 3600;

    private static final List<Channel> LAYOUT = layout();

    private static CellParameters rated(CellParameters c) {
        return new CellParameters(
                c.name(),
                new CellParameters.Charge(RATED_AH, c.coulombicEfficiency()),
                c.window(),
                c.ocvV(),
                c.impedance(),
                c.hysteresis(),
                c.noise());
    }

    private static List<Channel> layout() {
        List<Channel> channels = new ArrayList<>();
        for (int k = 1; k <= CELLS; k++) {
            channels.add(new Channel("cell " + k + " voltage", ChannelKind.CELL_VOLTAGE, k));
            channels.add(new Channel("cell " + k + " surface", ChannelKind.TEMPERATURE, k));
        }
        channels.add(new Channel("pack current", ChannelKind.PACK_CURRENT, 0));
        return List.copyOf(channels);
    }

    /**
     * A cold 1C charge for 15 min (plating risk), a 30 min rest whose relaxation falls faster again at
     * about 10 min (a stripping plateau's end), then 1C pulses. Cell 3 runs 8 K hot from 100 s; cell
     * 2's sensor fails from 200 to 300 s and its resistance grows by half after 40 min; cell 4 has
     * lost 15 % of its capacity; cell 1's can swells by 200 microstrain after 20 min.
     */
    private record Tick(ReadingFrame frame, List<CellObservation> cells) {}

    private static Tick tick(int t) {
        double current;
        double restS = -1;
        if (t < 900) {
            current = RATED_AH;
        } else if (t < 2700) {
            current = 0;
            restS = t - 900;
        } else {
            current = (t / 60) % 2 == 0 ? -RATED_AH : 0;
        }
        double[] values = new double[2 * CELLS + 1];
        Quality[] quality = new Quality[2 * CELLS + 1];
        List<CellObservation> cells = new ArrayList<>();
        for (int k = 1; k <= CELLS; k++) {
            double temperature = 8 + (k == 3 && t >= 100 ? 8 : 0) + 0.001 * k;
            double v;
            if (restS >= 0) {
                // Relaxation: a slowing exponential, then the plateau's end: a faster fall around 600 s.
                v = 4.0 - 0.004 * (1 - Math.exp(-restS / 300)) - 0.02 / (1 + Math.exp(-(restS - 650) / 20));
            } else {
                v = 3.7 + 0.05 * Math.signum(current) + 0.0001 * k;
            }
            boolean sensorFailed = k == 2 && t >= 200 && t < 300;
            values[2 * (k - 1)] = v;
            quality[2 * (k - 1)] = Quality.OK;
            values[2 * (k - 1) + 1] = sensorFailed ? Double.NaN : temperature;
            quality[2 * (k - 1) + 1] = sensorFailed ? Quality.SENSOR_FAULT : Quality.OK;
            double scale = k == 2 && t >= 2400 ? 1.5 : 1.0 + 0.001 * k;
            double capacity = k == 4 ? 0.85 * RATED_AH : RATED_AH * (1 - 0.00001 * k);
            double strain = k == 1 && t >= 1200 ? 400e-6 : 200e-6 + 1e-6 * (t % 7);
            cells.add(new CellObservation(
                    k,
                    0.5 + 0.01 * k,
                    sensorFailed ? Double.NaN : temperature,
                    current,
                    capacity,
                    scale,
                    0.01,
                    strain,
                    v,
                    Double.NaN,
                    ResistanceHealth.UNKNOWN));
        }
        values[2 * CELLS] = current;
        quality[2 * CELLS] = Quality.OK;
        return new Tick(new ReadingFrame(t, t * S, LAYOUT, values, quality, new long[2 * CELLS + 1]), cells);
    }

    @Test
    void aSetRestoredFromASnapshotAtAnyTickFindsWhatTheUninterruptedSetFinds() {
        PackSignatures straight = new PackSignatures(CELL);
        PackSignatures restored = new PackSignatures(CELL);
        Set<SignatureKind> fired = EnumSet.noneOf(SignatureKind.class);
        int restores = 0;
        for (int t = 0; t < TICKS; t++) {
            // Restored often, and at ticks that fall inside every window: mid-persistence, mid-rest, mid-baseline.
            if (t % 97 == 0) {
                PackSignatures.State saved = restored.snapshot();
                restored = new PackSignatures(CELL);
                restored.restore(saved);
                assertThat(restored.snapshot()).isEqualTo(saved);
                restores++;
            }
            Tick tick = tick(t);
            List<DegradationSignature> expected = straight.update(tick.frame(), tick.cells());
            List<DegradationSignature> actual = restored.update(tick.frame(), tick.cells());
            assertThat(actual).as("tick %d", t).isEqualTo(expected);
            expected.forEach(s -> fired.add(s.kind()));
        }
        assertThat(restores).isGreaterThan(100);
        assertThat(restored.snapshot()).isEqualTo(straight.snapshot());
        // Every detector the twin runs fired, so each one's state was carried while it mattered.
        assertThat(fired)
                .containsExactlyInAnyOrder(
                        SignatureKind.SENSOR_FAULT,
                        SignatureKind.HOT_SPOT,
                        SignatureKind.PLATING_RISK,
                        SignatureKind.RESISTANCE_GROWTH,
                        SignatureKind.CAPACITY_FADE,
                        SignatureKind.IRREVERSIBLE_SWELLING);
        StrippingPlateauDetector.State stripping = straight.snapshot().strippingPlateau();
        assertThat(stripping.restsJudged()).isEqualTo(CELLS);
        assertThat(stripping.cells().subList(1, CELLS + 1))
                .allSatisfy(c -> assertThat(c.found())
                        .as("the plateau's end in the rest")
                        .isNotNull());
    }

    @Test
    void aFreshSetsSnapshotIsEmptyAndCellsNotSeenSnapshotAsFresh() {
        PackSignatures fresh = new PackSignatures(CELL);
        PackSignatures.State none = fresh.snapshot();
        assertThat(none.hotSpot()).isEmpty();
        assertThat(none.strippingPlateau().cells()).isEmpty();
        Tick first = tick(0);
        fresh.update(first.frame(), first.cells());
        PackSignatures.State one = fresh.snapshot();
        // Cells are numbered from 1; index 0 (the pack) is a fresh state, the sensor faults' pack channel.
        assertThat(one.hotSpot()).hasSize(CELLS + 1).first().isEqualTo(PersistentCondition.State.IDLE);
        assertThat(one.sensorFaults()).hasSize(CELLS + 1);
        assertThat(one.capacityFade().getFirst().firstCapacityAh()).isNaN();
        assertThat(one.capacityFade().get(4).firstCapacityAh()).isEqualTo(0.85 * RATED_AH);
    }
}
