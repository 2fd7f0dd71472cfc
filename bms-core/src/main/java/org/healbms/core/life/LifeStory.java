package org.healbms.core.life;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates the life story of a pack of series cells, one control tick at a time. {@link #update}
 * runs on the control loop for years, so it works on primitive arrays and allocates nothing; a
 * {@link LifeStoryRecord} is taken from it when the state is saved.
 *
 * <p>Current is positive on charge. In a series string the same current flows through every cell, so
 * every cell's charge throughput is the pack's; energy is each cell's voltage times that current, and
 * the pack's is their sum. A cell whose voltage or temperature is not measured this tick adds nothing
 * for that quantity: the story counts what was measured, never what was guessed. An interval longer
 * than {@link #MAX_STEP_S} (a stalled loop, a clock set forward) is not integrated: nobody watched the
 * pack meanwhile.
 */
public final class LifeStory {

    /** The longest tick interval that is integrated, s. */
    public static final double MAX_STEP_S = 60;

    private static final int CHARGE_AH = 0;
    private static final int DISCHARGE_AH = 1;
    private static final int CHARGE_KWH = 2;
    private static final int DISCHARGE_KWH = 3;
    private static final int HIGH_S = 4;
    private static final int LOW_S = 5;
    private static final int HIGH_CHARGING_S = 6;
    private static final int LOW_CHARGING_S = 7;
    private static final int SUMS = 8;
    private static final int DEEP = 0;
    private static final int OVER = 1;

    private final LifeStoryLimits limits;
    private final double restCurrentA;
    private final int cells;
    /** [unit][sum]: unit 0 is the pack, unit k+1 cell k. */
    private final double[][] sums;
    /** [unit][event]: count and last time of deep discharges and overcharges. */
    private final long[][] eventCounts;

    private final long[][] eventLast;
    /** [unit][event]: in the event now (counted once until the voltage comes back past the re-arm margin). */
    private final boolean[][] inEvent;

    private final Map<String, long[]> faults = new TreeMap<>();
    private long firstEpochMs = EventCount.NEVER;
    private long lastUpdateEpochMs = EventCount.NEVER;
    private double operatingS;
    private EventCount historyLost = EventCount.NONE;

    /**
     * @param cells        cells in series
     * @param restCurrentA below this current (A, either way) the pack rests: neither charging nor discharging
     */
    public LifeStory(int cells, LifeStoryLimits limits, double restCurrentA) {
        if (cells < 1 || !(restCurrentA >= 0)) {
            throw new IllegalArgumentException("a life story needs at least one cell and a rest current >= 0");
        }
        this.cells = cells;
        this.limits = limits;
        this.restCurrentA = restCurrentA;
        this.sums = new double[cells + 1][SUMS];
        this.eventCounts = new long[cells + 1][2];
        this.eventLast = new long[cells + 1][2];
        this.inEvent = new boolean[cells + 1][2];
        for (long[] last : eventLast) {
            Arrays.fill(last, EventCount.NEVER);
        }
    }

    public int cells() {
        return cells;
    }

    public LifeStoryLimits limits() {
        return limits;
    }

    /**
     * Counts one tick.
     *
     * @param epochMs          the tick's wall-clock time, ms (the "last time" of what happens in it)
     * @param dtS              time since the previous tick, s
     * @param currentA         pack current over the interval, A, positive on charge (NaN: not measured)
     * @param cellVoltagesV    each cell's voltage, V (NaN: not measured this tick)
     * @param cellTemperaturesDegC each cell's temperature, °C (NaN: not measured this tick)
     */
    public void update(
            long epochMs, double dtS, double currentA, double[] cellVoltagesV, double[] cellTemperaturesDegC) {
        if (firstEpochMs == EventCount.NEVER) {
            firstEpochMs = epochMs;
        }
        lastUpdateEpochMs = Math.max(lastUpdateEpochMs, epochMs);
        boolean counted = dtS > 0 && dtS <= MAX_STEP_S;
        if (counted) {
            operatingS += dtS;
        }
        boolean currentKnown = Double.isFinite(currentA);
        boolean charging = currentKnown && currentA > restCurrentA;
        double ah = counted && currentKnown ? Math.abs(currentA) * dtS / 3600 : 0;
        int direction = currentA > 0 ? CHARGE_AH : DISCHARGE_AH;
        sums[0][direction] += ah;
        boolean packHigh = false;
        boolean packLow = false;
        boolean packDeep = false;
        boolean packOver = false;
        boolean packDeepRearmed = true;
        boolean packOverRearmed = true;
        for (int k = 0; k < cells; k++) {
            double[] s = sums[k + 1];
            s[direction] += ah;
            double v = cellVoltagesV[k];
            if (Double.isFinite(v)) {
                double kWh = ah * v / 1000;
                s[direction + 2] += kWh;
                sums[0][direction + 2] += kWh;
                boolean deep = v < limits.deepDischargeV();
                boolean over = v > limits.overchargeV();
                event(k + 1, DEEP, deep, v > limits.deepDischargeV() + LifeStoryLimits.EVENT_REARM_V, epochMs);
                event(k + 1, OVER, over, v < limits.overchargeV() - LifeStoryLimits.EVENT_REARM_V, epochMs);
                packDeep |= deep;
                packOver |= over;
                packDeepRearmed &= !inEvent[k + 1][DEEP];
                packOverRearmed &= !inEvent[k + 1][OVER];
            }
            double t = cellTemperaturesDegC[k];
            if (counted && Double.isFinite(t)) {
                boolean high = t > limits.extremeHighDegC();
                boolean low = t < limits.extremeLowDegC();
                s[HIGH_S] += high ? dtS : 0;
                s[LOW_S] += low ? dtS : 0;
                packHigh |= high;
                packLow |= low;
                if (charging) {
                    s[HIGH_CHARGING_S] += t > limits.extremeHighChargingDegC() ? dtS : 0;
                    s[LOW_CHARGING_S] += t < limits.extremeLowChargingDegC() ? dtS : 0;
                }
            }
        }
        // The pack is at an extreme when any cell is; it is in an event while any cell is.
        if (counted) {
            sums[0][HIGH_S] += packHigh ? dtS : 0;
            sums[0][LOW_S] += packLow ? dtS : 0;
            if (charging) {
                sums[0][HIGH_CHARGING_S] += packHigh(cellTemperaturesDegC, limits.extremeHighChargingDegC()) ? dtS : 0;
                sums[0][LOW_CHARGING_S] += packLow(cellTemperaturesDegC, limits.extremeLowChargingDegC()) ? dtS : 0;
            }
        }
        event(0, DEEP, packDeep, packDeepRearmed, epochMs);
        event(0, OVER, packOver, packOverRearmed, epochMs);
    }

    private boolean packHigh(double[] t, double threshold) {
        for (int k = 0; k < cells; k++) {
            if (t[k] > threshold) {
                return true;
            }
        }
        return false;
    }

    private boolean packLow(double[] t, double threshold) {
        for (int k = 0; k < cells; k++) {
            if (t[k] < threshold) {
                return true;
            }
        }
        return false;
    }

    /** An event starts when its condition first holds, and can start again once the unit is back past the margin. */
    private void event(int unit, int event, boolean now, boolean rearmed, long epochMs) {
        if (now && !inEvent[unit][event]) {
            inEvent[unit][event] = true;
            eventCounts[unit][event]++;
            eventLast[unit][event] = epochMs;
        } else if (now) {
            eventLast[unit][event] = epochMs;
        } else if (rearmed) {
            inEvent[unit][event] = false;
        }
    }

    /** A protection fault was raised (not on every tick: only when it is). */
    public void faultRaised(String faultId, long epochMs) {
        long[] c = faults.computeIfAbsent(faultId, id -> new long[] {0, EventCount.NEVER});
        c[0]++;
        c[1] = epochMs;
    }

    /**
     * The saved story could not be read: counting starts again from now, and the story says so and
     * when, so nobody takes what follows for the whole life.
     */
    public void historyLost(long epochMs) {
        historyLost = new EventCount(historyLost.count() + 1, epochMs);
    }

    /** The story as it stands. */
    public LifeStoryRecord record() {
        List<Throughput> perCell = new ArrayList<>(cells);
        for (int k = 0; k < cells; k++) {
            perCell.add(throughput(k + 1));
        }
        Map<String, EventCount> f = new TreeMap<>();
        faults.forEach((id, c) -> f.put(id, new EventCount(c[0], c[1])));
        return new LifeStoryRecord(firstEpochMs, lastUpdateEpochMs, operatingS, throughput(0), perCell, f, historyLost);
    }

    private Throughput throughput(int unit) {
        double[] s = sums[unit];
        return new Throughput(
                s[CHARGE_AH],
                s[DISCHARGE_AH],
                s[CHARGE_KWH],
                s[DISCHARGE_KWH],
                s[HIGH_S],
                s[LOW_S],
                s[HIGH_CHARGING_S],
                s[LOW_CHARGING_S],
                count(unit, DEEP),
                count(unit, OVER));
    }

    private EventCount count(int unit, int event) {
        return new EventCount(eventCounts[unit][event], eventLast[unit][event]);
    }

    /** Continues from a saved story; one for another number of cells is refused. */
    public void restore(LifeStoryRecord saved) {
        if (saved.cells().size() != cells) {
            throw new IllegalArgumentException(
                    "the saved life story has " + saved.cells().size() + " cells, the pack " + cells);
        }
        firstEpochMs = saved.firstEpochMs();
        lastUpdateEpochMs = saved.lastUpdateEpochMs();
        operatingS = saved.operatingS();
        historyLost = saved.historyLost();
        restore(0, saved.pack());
        for (int k = 0; k < cells; k++) {
            restore(k + 1, saved.cells().get(k));
        }
        faults.clear();
        saved.faults().forEach((id, c) -> faults.put(id, new long[] {c.count(), c.lastEpochMs()}));
    }

    private void restore(int unit, Throughput t) {
        double[] s = sums[unit];
        s[CHARGE_AH] = t.chargeAh();
        s[DISCHARGE_AH] = t.dischargeAh();
        s[CHARGE_KWH] = t.chargeKWh();
        s[DISCHARGE_KWH] = t.dischargeKWh();
        s[HIGH_S] = t.extremeHighS();
        s[LOW_S] = t.extremeLowS();
        s[HIGH_CHARGING_S] = t.extremeHighChargingS();
        s[LOW_CHARGING_S] = t.extremeLowChargingS();
        eventCounts[unit][DEEP] = t.deepDischarges().count();
        eventLast[unit][DEEP] = t.deepDischarges().lastEpochMs();
        eventCounts[unit][OVER] = t.overcharges().count();
        eventLast[unit][OVER] = t.overcharges().lastEpochMs();
    }
}
