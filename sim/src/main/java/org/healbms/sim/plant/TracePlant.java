package org.healbms.sim.plant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.healbms.io.trace.BdfLabels;
import org.healbms.io.trace.TraceColumns;

/**
 * A pack whose cells replay a recorded cell trace: what the device emulators measure on a desktop.
 * Every cell follows the trace's voltage with a small fixed offset of its own (real cells in a string
 * are never identical, and a board test must tell them apart); the pack current is the trace's; the
 * temperature is the trace's where it was logged. The trace repeats when it ends, so a soak run can
 * last longer than the recording.
 *
 * <p>Strain has no source in a voltage trace; it is derived from it with a textbook coefficient: a
 * can's hoop strain that follows the state of charge (electrode breathing, ~0.1 % over a full swing,
 * from the charge counted through the trace).
 */
public final class TracePlant implements PackPlant {

    /** Cell-to-cell spread of the emulated string: cell k reads the trace voltage minus k·this. */
    static final double CELL_OFFSET_V = 0.002;

    static final double HOOP_STRAIN_FULL_SWING = 1e-3;

    private final double[] time;
    private final double[] voltage;
    private final double[] current;
    private final double[] temperature;
    private final double[] chargeAh;
    private final double chargeSwingAh;
    private final int cells;

    private TracePlant(double[] time, double[] voltage, double[] current, double[] temperature, int cells) {
        this.time = time;
        this.voltage = voltage;
        this.current = current;
        this.temperature = temperature;
        this.cells = cells;
        this.chargeAh = new double[time.length];
        double lo = 0;
        double hi = 0;
        for (int k = 1; k < time.length; k++) {
            chargeAh[k] = chargeAh[k - 1] + current[k] * (time[k] - time[k - 1]) / 3600.0;
            lo = Math.min(lo, chargeAh[k]);
            hi = Math.max(hi, chargeAh[k]);
        }
        this.chargeSwingAh = Math.max(hi - lo, 1e-9);
    }

    public static TracePlant load(Path trace, int cells) throws IOException {
        TraceColumns t = TraceColumns.load(
                trace,
                List.of(BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT),
                List.of(BdfLabels.SURFACE_TEMPERATURE_T1));
        double[] temperature =
                t.logged(BdfLabels.SURFACE_TEMPERATURE_T1) ? t.get(BdfLabels.SURFACE_TEMPERATURE_T1) : null;
        if (t.rows() < 2) {
            throw new IOException(trace + ": a plant needs a trace of at least two rows");
        }
        return new TracePlant(
                t.get(BdfLabels.TEST_TIME), t.get(BdfLabels.VOLTAGE), t.get(BdfLabels.CURRENT), temperature, cells);
    }

    @Override
    public int cells() {
        return cells;
    }

    /** Length of the recording, s; the plant repeats after it. */
    public double durationS() {
        return time[time.length - 1] - time[0];
    }

    private int index(double elapsedS) {
        double t = time[0] + (elapsedS % durationS());
        int lo = 0;
        int hi = time.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (time[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public double cellVoltage(int cell, double elapsedS) {
        if (cell < 1 || cell > cells) {
            throw new IllegalArgumentException("cell " + cell + " is not in 1.." + cells);
        }
        return voltage[index(elapsedS)] - (cell - 1) * CELL_OFFSET_V;
    }

    @Override
    public double currentA(double elapsedS) {
        return current[index(elapsedS)];
    }

    /** Surface temperature of a cell, °C (the trace's; 25 °C where it logged none). */
    @Override
    public double temperatureDegC(int cell, double elapsedS) {
        if (temperature == null) {
            return 25.0;
        }
        double t = temperature[index(elapsedS)];
        return Double.isFinite(t) ? t : 25.0;
    }

    /** Hoop strain of a cell's can (fraction): grows with the charge in the cell. */
    @Override
    public double hoopStrain(int cell, double elapsedS) {
        return HOOP_STRAIN_FULL_SWING * chargeAh[index(elapsedS)] / chargeSwingAh;
    }
}
