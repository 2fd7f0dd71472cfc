package org.healbms.cli.lifetime;

import org.healbms.core.cell.CellParameters;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.sim.plant.AgeingPack;

/**
 * What a lifetime run is scored on, tick by tick against the plant's truth: cells outside their
 * limits (unsafe ticks), the estimator's SoC and resistance-health errors, the heaters' energy.
 */
final class LifetimeScore {

    /** A cell this far above its file's maximum voltage or below its minimum is outside its limits, V. */
    static final double VOLTAGE_TOLERANCE_V = 0.0;
    /** Heating above this is outside the cell's limits, degC (the healing interlocks hold far below). */
    static final double MAX_CELL_DEGC = 80.0;

    private final CellParameters cell;
    private long ticks;
    private long unsafeTicks;
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

    /** One tick of {@code dtS}: the plant's truth against the firmware's snapshot. */
    void tick(AgeingPack pack, TelemetrySnapshot snapshot, double dtS) {
        ticks++;
        boolean unsafe = false;
        for (int c = 1; c <= pack.cells(); c++) {
            double v = pack.cell(c).terminalVoltage(pack.currentA());
            maxVoltage = Math.max(maxVoltage, v);
            minVoltage = Math.min(minVoltage, v);
            maxCoreDegC = Math.max(maxCoreDegC, pack.cell(c).coreDegC());
            unsafe |= v > cell.maxVoltageV() + VOLTAGE_TOLERANCE_V
                    || v < cell.minVoltageV() - VOLTAGE_TOLERANCE_V
                    || pack.cell(c).coreDegC() > MAX_CELL_DEGC;
        }
        if (unsafe) {
            unsafeTicks++;
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
                    if (System.getenv("I15_DEBUG") != null) {
                        System.err.printf(
                                "socmax %.4f at %.1f cell %d est %.4f true %.4f I %.3f%n",
                                socMax,
                                socMaxAtS,
                                c,
                                estimate.soc(),
                                pack.cell(c).soc(),
                                pack.currentA());
                    }
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
        heatingJ += pack.heatingPowerW() * dtS;
    }

    long ticks() {
        return ticks;
    }

    long unsafeTicks() {
        return unsafeTicks;
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

    /** The extremes any cell reached in a tick: how far outside its limits an unsafe tick went. */
    Lifetime.Extremes extremes() {
        return new Lifetime.Extremes(maxVoltage, minVoltage, maxCoreDegC);
    }

    double heatingEnergyWh() {
        return heatingJ / 3600.0;
    }
}
