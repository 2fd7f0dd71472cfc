package org.healbms.core.pack;

import java.util.function.IntFunction;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.RestCurrent;
import org.healbms.core.cell.StrainResponse;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.healbms.core.estimation.FilterState;
import org.healbms.core.estimation.ResistanceHealth;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.core.thermal.CoreTemperatureEstimator;
import org.healbms.core.thermal.CoreThermalModel;

/**
 * One EKF per series cell, fed from reading frames: the cell's own voltage, the pack current (the
 * same through every cell of a string), and the cell's temperature (or the mean of the usable cell
 * temperatures where a cell has no sensor of its own). Only OK values are used: without a usable
 * current the estimate holds; without a usable voltage it predicts from the current alone and its
 * bound grows, as it should. With a strain gauge calibration, each cell's OK strain reading is a
 * second measurement (see {@link ExtendedKalmanSocEstimator#observeStrain}).
 *
 * <p>With a core thermal model, each cell also gets a virtual core temperature: a
 * {@link CoreTemperatureEstimator} driven by the heat the cell makes, current times overpotential
 * against the cell file's OCV at the filter's SoC, and corrected by the cell's own surface
 * temperature. The ambient is the board's ambient channel, else the coolest usable cell (the
 * nearest thing to it on a pack without one; the surface reading then absorbs the difference). A
 * heater on the can (thermal activation) is told to it with {@link #heatCan}; heat it is not told of
 * makes the surface rise faster than predicted, and the filter moves the core up with it, which
 * errs on the hot, safe side.
 */
public final class PackEstimator {

    private final FrameChannels channels;
    /**
     * A step longer than this is a gap in sampling, s: the board ticks at 1 s or faster, and a minute
     * without a frame is a board that slept or stalled.
     */
    static final double LONGEST_COUNTED_GAP_S = 60.0;

    private final CellParameters model;
    private final ExtendedKalmanSocEstimator[] cells;
    /** Per cell, its core thermal model or null. */
    private final CoreThermalModel[] thermal;
    /** Per cell, created on the first usable surface reading (the core starts where the can is). */
    private final CoreTemperatureEstimator[] cores;
    /** Heat a heater puts into each cell's can, W, as last told. */
    private final double[] canHeatW;

    private long lastNanos = Long.MIN_VALUE;

    public PackEstimator(FrameChannels channels, CellParameters model, double socGuess) {
        this(channels, model, null, socGuess);
    }

    /** @param strain the calibration of every cell's strain gauge, or null to leave strain out of the estimate */
    public PackEstimator(FrameChannels channels, CellParameters model, StrainResponse strain, double socGuess) {
        this(channels, model, strain, null, socGuess);
    }

    /** @param thermal the cells' core thermal model, or null for no core temperature */
    public PackEstimator(
            FrameChannels channels,
            CellParameters model,
            StrainResponse strain,
            CoreThermalModel thermal,
            double socGuess) {
        this(channels, model, cell -> strain, cell -> thermal, socGuess);
    }

    /**
     * @param strainForCell  each cell's gauge calibration by cell number (1-based), null for a cell
     *                       without one: a calibration belongs to its gauge
     * @param thermalForCell each cell's core thermal model by cell number, null for none: it depends
     *                       on the cell's place in the pack as much as on the cell
     */
    public PackEstimator(
            FrameChannels channels,
            CellParameters model,
            IntFunction<StrainResponse> strainForCell,
            IntFunction<CoreThermalModel> thermalForCell,
            double socGuess) {
        this.channels = channels;
        this.model = model;
        this.thermal = new CoreThermalModel[channels.cells()];
        for (int k = 0; k < this.thermal.length; k++) {
            this.thermal[k] = thermalForCell.apply(k + 1);
        }
        this.cores = new CoreTemperatureEstimator[channels.cells()];
        this.canHeatW = new double[channels.cells()];
        this.cells = new ExtendedKalmanSocEstimator[channels.cells()];
        for (int k = 0; k < cells.length; k++) {
            cells[k] = new ExtendedKalmanSocEstimator(model, strainForCell.apply(k + 1));
            cells[k].reset(socGuess);
        }
    }

    public void update(ReadingFrame frame) {
        double dt = lastNanos == Long.MIN_VALUE ? 0 : (frame.monotonicNanos() - lastNanos) / 1e9;
        lastNanos = frame.monotonicNanos();
        int ci = channels.packCurrent();
        double current = ci >= 0 && frame.quality(ci) == Quality.OK ? frame.value(ci) : Double.NaN;
        if (dt > LONGEST_COUNTED_GAP_S && Math.abs(current) < RestCurrent.of(model.capacityAh())) {
            // A frame after a gap (a board that slept through a rest): its current is what flows now, not
            // what flowed over the gap. A rest current now is a rest over the gap; counted over it, one
            // sample's offset and noise (5 mA on a shunt monitor) moved SoC 0.6 % over a 9 h rest.
            current = 0.0;
        }
        double fallbackTemperature = meanTemperature(frame);
        double ambient = ambient(frame);
        for (int k = 0; k < cells.length; k++) {
            int vi = channels.cellVoltage()[k];
            double v = frame.quality(vi) == Quality.OK ? frame.value(vi) : Double.NaN;
            int ti = channels.cellTemperature()[k];
            double t = ti >= 0 && frame.quality(ti) == Quality.OK ? frame.value(ti) : fallbackTemperature;
            double temperature = Double.isFinite(t) ? t : 25.0;
            cells[k].update(dt, current, v, temperature);
            int si = channels.cellStrain()[k];
            if (si >= 0 && frame.quality(si) == Quality.OK) {
                cells[k].observeStrain(frame.value(si), temperature);
            }
            if (thermal[k] != null) {
                updateCore(
                        k,
                        dt,
                        current,
                        v,
                        ti >= 0 && frame.quality(ti) == Quality.OK ? frame.value(ti) : Double.NaN,
                        ambient);
            }
        }
    }

    private void updateCore(int k, double dt, double current, double voltage, double surface, double ambient) {
        if (cores[k] == null) {
            if (!Double.isFinite(surface)) {
                return;
            }
            cores[k] = thermal[k].estimator(surface);
        }
        // Irreversible heat, i·(V − OCV): positive on charge and on discharge, and no resistance model needed.
        double ocv = model.ocvV().value(cells[k].soc(), Double.isFinite(surface) ? surface : cores[k].surfaceDegC());
        double heat = current * (voltage - ocv);
        double a = Double.isFinite(ambient) ? ambient : cores[k].surfaceDegC();
        cores[k].update(dt, Double.isFinite(heat) ? Math.max(heat, 0.0) : 0.0, canHeatW[k], a, surface);
    }

    /**
     * The heat a heater puts into a cell's can from now on, W (duty times its rated power); 0 when
     * it is off. Without it the core filter sees the heating only through the surface reading.
     */
    public void heatCan(int cell, double watts) {
        canHeatW[cell] = Double.isFinite(watts) && watts > 0 ? watts : 0.0;
    }

    private double ambient(ReadingFrame frame) {
        int ai = channels.ambientTemperature();
        if (ai >= 0 && frame.quality(ai) == Quality.OK) {
            return frame.value(ai);
        }
        double coolest = Double.NaN;
        for (int ti : channels.cellTemperature()) {
            if (ti >= 0 && frame.quality(ti) == Quality.OK && !(frame.value(ti) >= coolest)) {
                coolest = frame.value(ti);
            }
        }
        return coolest;
    }

    /** The cell's virtual core temperature, °C; NaN without a thermal model or before its first surface reading. */
    public double coreTemperatureDegC(int cell) {
        return cores[cell] == null ? Double.NaN : cores[cell].coreDegC();
    }

    /** Every cell's core temperature (NaN where not known), for the state-of-power calculation. */
    public double[] coreTemperatures() {
        double[] t = new double[cells.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = coreTemperatureDegC(k);
        }
        return t;
    }

    /** 1σ of the core temperature, K; NaN where there is none. */
    public double coreTemperatureSigmaK(int cell) {
        return cores[cell] == null ? Double.NaN : cores[cell].coreSigmaK();
    }

    private double meanTemperature(ReadingFrame frame) {
        double sum = 0;
        int n = 0;
        for (int ti : channels.cellTemperature()) {
            if (ti >= 0 && frame.quality(ti) == Quality.OK) {
                sum += frame.value(ti);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public int cells() {
        return cells.length;
    }

    public double soc(int cell) {
        return cells[cell].soc();
    }

    public double socSigma(int cell) {
        return cells[cell].socSigma();
    }

    /** Ohmic resistance relative to the cell file's (NaN unless the cell file or health learning tracks it). */
    public double resistanceScale(int cell) {
        return cells[cell].resistanceScale();
    }

    public double resistanceScaleSigma(int cell) {
        return cells[cell].resistanceScaleSigma();
    }

    /**
     * The cell's resistance against the new cell's at the same SoC and temperature, from its voltage
     * response to changes of current, over the long memory (see {@link ResistanceHealth}). Four numbers
     * rather than the record: the firmware reads them for every cell at every tick.
     */
    public double resistanceHealth(int cell) {
        return cells[cell].resistanceHealth();
    }

    /** 1σ of {@link #resistanceHealth}. */
    public double resistanceHealthSigma(int cell) {
        return cells[cell].resistanceHealthSigma();
    }

    /** {@link #resistanceHealth} over the recent memory (the last five minutes or so of driving). */
    public double recentResistanceHealth(int cell) {
        return cells[cell].recentResistanceHealth();
    }

    /** 1σ of {@link #recentResistanceHealth}. */
    public double recentResistanceHealthSigma(int cell) {
        return cells[cell].recentResistanceHealthSigma();
    }

    public double capacityAh(int cell) {
        return cells[cell].capacityAh();
    }

    /** 1σ of {@link #capacityAh}, Ah (NaN where capacity is not learned). */
    public double capacitySigmaAh(int cell) {
        return cells[cell].capacitySigmaAh();
    }

    public FilterState state(int cell) {
        return cells[cell].state();
    }

    public void restore(int cell, FilterState state) {
        cells[cell].restore(state);
    }

    /** Every cell's SoC, for the state-of-power calculation. */
    public double[] socs() {
        double[] s = new double[cells.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = cells[k].soc();
        }
        return s;
    }
}
