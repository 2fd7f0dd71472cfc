package org.healbms.cli.lifetime;

import org.healbms.core.cell.CellParameters;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.sim.plant.AgeingCell;
import org.healbms.sim.plant.AgeingPack;

/**
 * What a lifetime run is scored on against the plant's truth: cells outside their limits at any of the
 * plant's steps (unsafe steps, and the firmware ticks whose period held one: unsafe ticks, so a coarse
 * control period cannot hide an excursion between two ticks), and tick by tick the estimator's SoC and
 * resistance-health errors and the heaters' energy.
 */
final class LifetimeScore {

    /** A cell this far above its file's maximum voltage or below its minimum is outside its limits, V. */
    static final double VOLTAGE_TOLERANCE_V = 0.0;
    /** Heating above this is outside the cell's limits, degC (the healing interlocks hold far below). */
    static final double MAX_CELL_DEGC = 80.0;

    private final CellParameters cell;
    private long ticks;
    private long unsafeTicks;
    private long steps;
    private long unsafeSteps;
    /** Whether a plant step since the last tick had a cell outside its limits. */
    private boolean unsafeSinceTick;

    private double lastStepS;
    private long socSamples;
    private double socSquares;
    private double socMax;
    private double socMaxAtS = Double.NaN;
    private int socMaxCell;
    private long sohSamples;
    private double sohSquares;
    private double sohMax;
    private double heatingJ;
    private double maxVoltage = Double.NEGATIVE_INFINITY;
    private double minVoltage = Double.POSITIVE_INFINITY;
    private double maxCoreDegC = Double.NEGATIVE_INFINITY;

    LifetimeScore(CellParameters cell) {
        this.cell = cell;
    }

    /** One step of the plant (or segment of a rest): its true state against the cells' limits. */
    void step(AgeingPack pack) {
        steps++;
        // The heaters' duty changes only between the plant's steps (at a firmware tick): a step ran at
        // the power its end shows.
        heatingJ += pack.heatingPowerW() * (pack.elapsedS() - lastStepS);
        lastStepS = pack.elapsedS();
        boolean unsafe = false;
        double current = pack.currentA();
        for (int c = 1; c <= pack.cells(); c++) {
            AgeingCell truth = pack.cell(c);
            double v = truth.terminalVoltage(current);
            double core = truth.coreDegC();
            maxVoltage = Math.max(maxVoltage, v);
            minVoltage = Math.min(minVoltage, v);
            maxCoreDegC = Math.max(maxCoreDegC, core);
            unsafe |= v > cell.maxVoltageV() + VOLTAGE_TOLERANCE_V
                    || v < cell.minVoltageV() - VOLTAGE_TOLERANCE_V
                    || core > MAX_CELL_DEGC;
        }
        if (unsafe) {
            unsafeSteps++;
            unsafeSinceTick = true;
        }
    }

    /**
     * One tick: unsafe if any plant step since the last tick was (the plant has been moved
     * to the tick's time, so its last step is the state the tick measured); the firmware's snapshot
     * against the plant's truth.
     */
    void tick(AgeingPack pack, TelemetrySnapshot snapshot) {
        ticks++;
        if (unsafeSinceTick) {
            unsafeTicks++;
            unsafeSinceTick = false;
        }
        for (TelemetrySnapshot.Cell estimate : snapshot.cells()) {
            int c = estimate.cell();
            if (c < 1 || c > pack.cells()) {
                continue;
            }
            if (Double.isFinite(estimate.soc())) {
                double e = estimate.soc() - pack.cell(c).soc();
                socSamples++;
                socSquares += e * e;
                if (Math.abs(e) > socMax) {
                    socMax = Math.abs(e);
                    socMaxAtS = pack.elapsedS();
                    socMaxCell = c;
                }
            }
            if (Double.isFinite(estimate.sohResistance())) {
                // Both relative to the cell file's R0, as the estimator defines it: the cell's own spread
                // and its ageing. Not its temperature: the bundled file has one temperature row, so the
                // estimate also carries the plant's Arrhenius law, and that shows as an error here.
                double truth = pack.cell(c).resistanceScale();
                double e = estimate.sohResistance() - truth;
                sohSamples++;
                sohSquares += e * e;
                sohMax = Math.max(sohMax, Math.abs(e));
            }
        }
    }

    long ticks() {
        return ticks;
    }

    long unsafeTicks() {
        return unsafeTicks;
    }

    /** The plant's steps (and rest segments) scored, and those with a cell outside its limits. */
    long steps() {
        return steps;
    }

    long unsafeSteps() {
        return unsafeSteps;
    }

    double socRmse() {
        return socSamples == 0 ? Double.NaN : Math.sqrt(socSquares / socSamples);
    }

    double socMax() {
        return socSamples == 0 ? Double.NaN : socMax;
    }

    /** When the largest SoC error was seen, s since the start (NaN before any), and on which cell. */
    double socMaxAtS() {
        return socMaxAtS;
    }

    int socMaxCell() {
        return socMaxCell;
    }

    double sohResistanceRmse() {
        return sohSamples == 0 ? Double.NaN : Math.sqrt(sohSquares / sohSamples);
    }

    double sohResistanceMax() {
        return sohSamples == 0 ? Double.NaN : sohMax;
    }

    /** The extremes any cell reached in any step: how far outside its limits an unsafe tick went. */
    Lifetime.Extremes extremes() {
        return new Lifetime.Extremes(maxVoltage, minVoltage, maxCoreDegC);
    }

    double heatingEnergyWh() {
        return heatingJ / 3600.0;
    }
}
