package org.healbms.core.life;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.healbms.core.protection.CellLimits;
import org.junit.jupiter.api.Test;

class LifeStoryTest {

    private static final LifeStoryLimits LIMITS = LifeStoryLimits.of(CellLimits.ncr18650pf());
    private static final double NAN = Double.NaN;

    private long epochMs = 1_700_000_000_000L;

    private void run(LifeStory story, int seconds, double currentA, double[] volts, double[] temps) {
        for (int s = 0; s < seconds; s++) {
            epochMs += 1000;
            story.update(epochMs, 1.0, currentA, volts, temps);
        }
    }

    @Test
    void aChargeAndADischargeAreOneEquivalentFullCycleWithTheEnergyOfEachCellsVoltage() {
        LifeStory story = new LifeStory(2, LIMITS, 0.06);
        run(story, 7200, 1.5, new double[] {3.8, 3.9}, new double[] {25, 25});
        run(story, 7200, -1.5, new double[] {3.6, 3.5}, new double[] {25, 25});
        LifeStoryRecord r = story.record();
        Throughput cell1 = r.cells().get(0);
        assertThat(cell1.chargeAh()).isCloseTo(3.0, within(1e-9));
        assertThat(cell1.dischargeAh()).isCloseTo(3.0, within(1e-9));
        assertThat(cell1.chargeKWh()).isCloseTo(3.0 * 3.8 / 1000, within(1e-12));
        assertThat(r.cells().get(1).dischargeKWh()).isCloseTo(3.0 * 3.5 / 1000, within(1e-12));
        assertThat(r.pack().chargeKWh()).isCloseTo(3.0 * 7.7 / 1000, within(1e-12));
        assertThat(r.pack().dischargeAh()).isCloseTo(3.0, within(1e-9));
        assertThat(cell1.equivalentFullCycles(3.0)).isCloseTo(1.0, within(1e-9));
        assertThat(r.operatingS()).isCloseTo(14_400, within(1e-6));
        assertThat(r.firstEpochMs()).isEqualTo(1_700_000_001_000L);
        assertThat(r.lastUpdateEpochMs()).isEqualTo(epochMs);
    }

    @Test
    void timeAtExtremesCountsTheChargingWindowOnlyWhileCharging() {
        LifeStory story = new LifeStory(2, LIMITS, 0.06);
        // 50 degC: inside the discharge window (up to 60), outside the charge window (up to 45).
        run(story, 100, 1.0, new double[] {3.7, 3.7}, new double[] {25, 50});
        run(story, 40, 0.0, new double[] {3.7, 3.7}, new double[] {25, 65});
        run(story, 30, -2.0, new double[] {3.7, 3.7}, new double[] {-25, 25});
        run(story, 20, 1.0, new double[] {3.7, 3.7}, new double[] {-5, NAN});
        LifeStoryRecord r = story.record();
        Throughput c1 = r.cells().get(0);
        Throughput c2 = r.cells().get(1);
        assertThat(c2.extremeHighChargingS()).isEqualTo(100);
        assertThat(c2.extremeHighS()).isEqualTo(40);
        assertThat(c1.extremeLowS()).isEqualTo(30);
        assertThat(c1.extremeLowChargingS()).isEqualTo(20);
        assertThat(c2.extremeLowChargingS()).isZero();
        assertThat(r.pack().extremeHighS()).isEqualTo(40);
        assertThat(r.pack().extremeHighChargingS()).isEqualTo(100);
        assertThat(r.pack().extremeLowS()).isEqualTo(30);
        assertThat(r.pack().extremeLowChargingS()).isEqualTo(20);
    }

    @Test
    void aDeepDischargeCountsOnceUntilTheVoltageComesBackPastTheMargin() {
        LifeStory story = new LifeStory(2, LIMITS, 0.06);
        run(story, 3, -1, new double[] {2.45, 3.6}, new double[] {25, 25});
        run(story, 5, 0, new double[] {2.52, 3.6}, new double[] {25, 25}); // back, but within 50 mV
        run(story, 2, -1, new double[] {2.48, 3.6}, new double[] {25, 25}); // the same event
        long lastOfFirst = epochMs;
        run(story, 5, 0, new double[] {2.60, 3.6}, new double[] {25, 25}); // re-armed
        assertThat(story.record().cells().get(0).deepDischarges()).isEqualTo(new EventCount(1, lastOfFirst));
        run(story, 1, -1, new double[] {2.40, 4.25}, new double[] {25, 25});
        LifeStoryRecord r = story.record();
        assertThat(r.cells().get(0).deepDischarges()).isEqualTo(new EventCount(2, epochMs));
        assertThat(r.cells().get(1).overcharges()).isEqualTo(new EventCount(1, epochMs));
        assertThat(r.cells().get(1).deepDischarges()).isEqualTo(EventCount.NONE);
        assertThat(r.pack().deepDischarges().count()).isEqualTo(2);
        assertThat(r.pack().overcharges().count()).isEqualTo(1);
    }

    @Test
    void whatWasNotMeasuredAndLongGapsAddNothing() {
        LifeStory story = new LifeStory(1, LIMITS, 0.06);
        story.update(epochMs, 1.0, NAN, new double[] {3.7}, new double[] {70});
        story.update(epochMs + 1000, 1.0, 2.0, new double[] {NAN}, new double[] {NAN});
        story.update(epochMs + 600_000, 599, 2.0, new double[] {3.7}, new double[] {70});
        LifeStoryRecord r = story.record();
        assertThat(r.cells().getFirst().chargeAh()).isCloseTo(2.0 / 3600, within(1e-12));
        assertThat(r.cells().getFirst().chargeKWh()).isZero();
        assertThat(r.cells().getFirst().extremeHighS()).isEqualTo(1);
        assertThat(r.operatingS()).isEqualTo(2);
    }

    @Test
    void aRestoredStoryGoesOnFromWhereTheSavedOneStopped() {
        LifeStory story = new LifeStory(2, LIMITS, 0.06);
        run(story, 50, 1.5, new double[] {4.3, 3.9}, new double[] {50, 25});
        story.faultRaised("CELL_OVERVOLTAGE", epochMs);
        story.faultRaised("CELL_OVERVOLTAGE", epochMs + 5);
        story.historyLost(epochMs - 50_000);
        LifeStoryRecord saved = story.record();
        LifeStory restored = new LifeStory(2, LIMITS, 0.06);
        restored.restore(saved);
        assertThat(restored.record()).isEqualTo(saved);
        assertThat(saved.faults().get("CELL_OVERVOLTAGE")).isEqualTo(new EventCount(2, epochMs + 5));
        run(story, 10, -1, new double[] {3.7, 3.7}, new double[] {25, 25});
        epochMs -= 10_000;
        run(restored, 10, -1, new double[] {3.7, 3.7}, new double[] {25, 25});
        assertThat(restored.record()).isEqualTo(story.record());
    }

    @Test
    void aTickAllocatesNothing() {
        LifeStory story = new LifeStory(16, LIMITS, 0.06);
        double[] volts = new double[16];
        double[] temps = new double[16];
        Arrays.fill(volts, 3.7);
        Arrays.fill(temps, 25);
        volts[3] = 2.4;
        temps[5] = 70;
        run(story, 200_000, 1.2, volts, temps); // warm up: compiled before it is measured
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(id);
        run(story, 100_000, -1.2, volts, temps);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(allocated).as("bytes allocated by 100 000 ticks").isLessThan(1024);
    }
}
