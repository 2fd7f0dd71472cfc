package org.healbms.sim.plant;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.healbms.sim.plant.ageing.CellAgeing;
import org.healbms.sim.plant.ageing.ContactLoss;

/**
 * A series string of ageing cells, each drawn from one seed, behind a charger and with heaters on
 * their cans: the plant a firmware runs closed loop on. The usage asks for a current (a load's
 * discharge or a charge); the charger decides what charge actually flows. {@link #step} moves it at
 * a control tick's pace; {@link #rest} leaps over a rest of any length in one call.
 */
public final class AgeingPack {

    /** A leap follows a moving ambient in segments of at most this long, s. */
    static final double AMBIENT_SEGMENT_S = 3600.0;

    private final List<AgeingCell> cells;
    private final EmulatedCharger charger;
    private final AmbientProfile ambient;
    private final double[] heaterW;
    private double currentA;
    private double elapsedS;
    private Consumer<AgeingPack> stepped = pack -> {};

    public AgeingPack(List<AgeingCell> cells, EmulatedCharger charger, AmbientProfile ambient) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a pack needs at least one cell");
        }
        this.cells = List.copyOf(cells);
        this.charger = charger;
        this.ambient = ambient;
        this.heaterW = new double[cells.size()];
    }

    /**
     * {@code count} cells of one file, drawn from {@code seed}, all at {@code soc0} and at the ambient's
     * temperature, behind a charger rated at 1 C.
     */
    public static AgeingPack of(
            CellParameters p, TwoNodeThermalModel thermal, int count, long seed, double soc0, AmbientProfile ambient) {
        return of(p, thermal, count, seed, soc0, ambient, new double[count]);
    }

    /**
     * The same with cells that start with contact damage already done, all of it fresh (healable):
     * {@code healableDamage[k]} is cell k+1's fraction of particles out of contact (0 for none), as a
     * pack would be after a spell of hard cycling shortly before the run.
     */
    public static AgeingPack of(
            CellParameters p,
            TwoNodeThermalModel thermal,
            int count,
            long seed,
            double soc0,
            AmbientProfile ambient,
            double[] healableDamage) {
        if (healableDamage.length != count) {
            throw new IllegalArgumentException(
                    "need a start damage for each of " + count + " cells, got " + healableDamage.length);
        }
        List<AgeingCell> cells = new ArrayList<>();
        CellVariation[] batch = CellVariation.batch(seed, count);
        for (int k = 0; k < count; k++) {
            CellVariation v = batch[k];
            CellAgeing ageing =
                    new CellAgeing(v.rates(), ContactLoss.withDamage(v.rates().cracking(), healableDamage[k]));
            cells.add(new AgeingCell(p, thermal, v, ageing, soc0, ambient.degC(0)));
        }
        return new AgeingPack(cells, new EmulatedCharger(p.capacityAh()), ambient);
    }

    public int cells() {
        return cells.size();
    }

    /** Cell {@code cell}, 1-based as the boards count them. */
    public AgeingCell cell(int cell) {
        if (cell < 1 || cell > cells.size()) {
            throw new IllegalArgumentException("cell " + cell + " is not in 1.." + cells.size());
        }
        return cells.get(cell - 1);
    }

    /**
     * Tells {@code observer} the pack after every step and every segment of a rest: whoever judges the
     * plant's safety sees every state it passes through, not only those a firmware tick samples.
     */
    public void afterEachStep(Consumer<AgeingPack> observer) {
        this.stepped = observer;
    }

    public EmulatedCharger charger() {
        return charger;
    }

    public double elapsedS() {
        return elapsedS;
    }

    /** The pack current of the last step, A, positive on charge. */
    public double currentA() {
        return currentA;
    }

    public double ambientDegC() {
        return ambient.degC(elapsedS);
    }

    /** A heater of {@code powerW} on a cell's can, driven by its PWM duty (0..1). */
    public DoubleConsumer heater(int cell, double powerW) {
        cell(cell);
        return duty -> {
            synchronized (heaterW) {
                heaterW[cell - 1] = powerW * Math.clamp(duty, 0.0, 1.0);
            }
        };
    }

    /** One step of {@code dtS} with the usage asking for {@code requestedA} (positive: charge). */
    public void step(double dtS, double requestedA) {
        double target = 0;
        double rest = 0;
        double slope = 0;
        for (AgeingCell c : cells) {
            rest += c.voltageLineRestV(dtS);
            slope += c.voltageLineSlope(dtS);
            target += c.parameters().maxVoltageV();
        }
        // The charger regulates the pack's voltage, not the cells': an unbalanced string still needs its BMS.
        currentA = charger.deliver(requestedA, (target - rest) / slope);
        double amb = ambient.degC(elapsedS + dtS / 2);
        double[] heat;
        synchronized (heaterW) {
            heat = heaterW.clone();
        }
        for (int k = 0; k < cells.size(); k++) {
            cells.get(k).step(dtS, currentA, amb, heat[k]);
        }
        elapsedS += dtS;
        stepped.accept(this);
    }

    /** The heaters' power now, W. */
    public double heatingPowerW() {
        synchronized (heaterW) {
            double sum = 0;
            for (double w : heaterW) {
                sum += w;
            }
            return sum;
        }
    }

    /** Whether any heater is driven. */
    public boolean heating() {
        synchronized (heaterW) {
            for (double w : heaterW) {
                if (w > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Leaps over a rest of {@code dtS}: no current and every heater off. A charge the charger had ended
     * counts as ended: asked for again after the rest, it starts anew (and ends at once on a full pack).
     */
    public void rest(double dtS) {
        if (heating()) {
            throw new IllegalStateException("a heater is on: the pack must be stepped, not leapt");
        }
        currentA = 0;
        charger.requestEnded();
        double remaining = dtS;
        while (remaining > 0) {
            double segment = Math.min(remaining, AMBIENT_SEGMENT_S);
            double amb = ambient.degC(elapsedS + segment / 2);
            for (AgeingCell c : cells) {
                c.rest(segment, amb);
            }
            elapsedS += segment;
            remaining -= segment;
            stepped.accept(this);
        }
    }

    /** Sum of the cells' terminal voltages at the present current, V. */
    public double voltage() {
        double v = 0;
        for (AgeingCell c : cells) {
            v += c.terminalVoltage(currentA);
        }
        return v;
    }
}
