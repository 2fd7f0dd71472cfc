package org.healbms.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A repeating day of driving and charging, played to an ageing pack that leaps over its rests. */
class DailyUsageTest {

    private static final double HOUR_S = 3600.0;
    /** 600 s: 300 s at 3 A out, 100 s of 1 A regeneration, 200 s at 2 A out (net 1.194 Ah out). */
    private static final double[] DRIVE_T = {0, 300, 400, 600};

    private static final double[] DRIVE_I = {-3.0, 1.0, -2.0, 0.0};

    private static DailyUsage day() {
        return new DailyUsage(8 * HOUR_S, DRIVE_T, DRIVE_I, 2, 20 * HOUR_S, 1.5, 4 * HOUR_S);
    }

    @Test
    void theDayIsTheDriveTheChargeAndRests() {
        DailyUsage u = day();
        assertThat(u.requestedA(7 * HOUR_S)).isZero();
        assertThat(u.nextChangeS(7 * HOUR_S)).isEqualTo(8 * HOUR_S);
        assertThat(u.requestedA(8 * HOUR_S)).isEqualTo(-3.0);
        assertThat(u.nextChangeS(8 * HOUR_S + 10)).isEqualTo(8 * HOUR_S + 300);
        assertThat(u.requestedA(8 * HOUR_S + 350)).isEqualTo(1.0);
        assertThat(u.requestedA(8 * HOUR_S + 650)).isEqualTo(-3.0);
        assertThat(u.nextChangeS(8 * HOUR_S + 1150)).isEqualTo(8 * HOUR_S + 1200);
        assertThat(u.requestedA(8 * HOUR_S + 1200)).isZero();
        assertThat(u.nextChangeS(9 * HOUR_S)).isEqualTo(20 * HOUR_S);
        assertThat(u.requestedA(21 * HOUR_S)).isEqualTo(1.5);
        assertThat(u.nextChangeS(21 * HOUR_S)).isEqualTo(24 * HOUR_S);
        assertThat(u.nextChangeS(24.5 * HOUR_S)).isEqualTo(32 * HOUR_S);
        assertThat(u.requestedA(32 * HOUR_S + 1)).isEqualTo(-3.0);
    }

    @Test
    void aDayThatDoesNotFitIsRefused() {
        assertThatThrownBy(() -> new DailyUsage(8 * HOUR_S, DRIVE_T, DRIVE_I, 2, 8 * HOUR_S + 100, 1.5, HOUR_S))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without overlapping");
        assertThatThrownBy(() -> new DailyUsage(0, new double[] {0, 5, 5}, new double[] {1, 2, 3}, 1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must increase");
    }

    @Test
    void aDriveRecordedAtTenthsOfASecondIsFollowedTickByTickWithoutStalling() {
        // Sample times summed in tenths, as a logger writes them: not exact multiples of the tick.
        double[] t = new double[3001];
        double[] i = new double[3001];
        for (int k = 1; k < t.length; k++) {
            t[k] = t[k - 1] + 0.1;
            i[k] = k % 7 == 0 ? 1.0 : -2.0;
        }
        DailyUsage usage = new DailyUsage(8 * HOUR_S, t, i, 1, 20 * HOUR_S, 1.5, HOUR_S);
        AgeingPack pack =
                AgeingPack.of(PlantCells.ncr18650pf(), PlantCells.IN_PACK, 2, 3, 0.9, AmbientProfile.constant(20));
        AgeingPackPlant plant =
                new AgeingPackPlant(pack, usage, new MeasurementNoise(MeasurementNoise.NONE, 2, 1), 0.1);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            plant.advanceTo(8 * HOUR_S);
            for (int k = 1; k <= 3100; k++) {
                plant.advanceTo(8 * HOUR_S + k * 0.1);
            }
        });
        assertThat(pack.elapsedS()).isCloseTo(8 * HOUR_S + 310, within(1e-6));
    }

    @Test
    void aPackFollowsTheDayStepsWhileCurrentFlowsAndLeapsTheRests() {
        AgeingPack pack =
                AgeingPack.of(PlantCells.ncr18650pf(), PlantCells.IN_PACK, 4, 21, 0.9, AmbientProfile.daily(20, 3, 5));
        DailyUsage usage = day();
        AgeingPackPlant plant =
                new AgeingPackPlant(pack, usage, new MeasurementNoise(MeasurementNoise.NONE, 4, 1), 1.0);
        int ticks = 0;
        double outAh = 0;
        int leaps = 0;
        while (pack.elapsedS() < 3 * DailyUsage.DAY_S) {
            // As a lifetime run does: the firmware ticks while anything moves; a rest is one leap.
            boolean active = plant.active();
            plant.advanceTo(active ? pack.elapsedS() + 1.0 : Math.min(plant.nextChangeS(), 3 * DailyUsage.DAY_S));
            ticks += active ? 1 : 0;
            leaps += active ? 0 : 1;
            outAh -= Math.min(0, pack.currentA()) * (active ? 1.0 : 0.0) / 3600;
        }
        // Three drives of 2 x 1.194 Ah net: 2 x 1.333 Ah out of the pack each day.
        assertThat(outAh).isCloseTo(3 * 2 * (3 * 300 + 2 * 200) / 3600.0, within(1e-6));
        assertThat(ticks).isBetween(3 * 1200, 3 * (1200 + 4 * 3600));
        assertThat(leaps).isBetween(6, 12);
        PackTruth truth = PackTruth.of(pack);
        assertThat(Arrays.stream(truth.soc()).min().orElseThrow()).isGreaterThan(0.95);
        assertThat(truth.packCapacityAh())
                .isEqualTo(Arrays.stream(truth.capacityAh()).min().orElseThrow());
    }
}
