package org.healbms.sim.plant;

import java.util.Arrays;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.SocTemperatureTable;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.healbms.sim.plant.ageing.ActivationEnergy;
import org.healbms.sim.plant.ageing.CellAgeing;
import org.healbms.sim.plant.ageing.GraphitePotential;
import org.healbms.sim.plant.ageing.StepConditions;

/**
 * One real cell as the plant: the cell file's equivalent circuit (OCV, R0, two RC pairs, one-state
 * hysteresis) scaled by this cell's variation and by what ageing has done, a two-node thermal model
 * heated by its own losses and by a heater on the can, and its ageing mechanisms fed the true state.
 * Nothing here is visible to a firmware except through the chips that measure it.
 *
 * <p>Ageing scales the equivalent circuit: the capacity by what the mechanisms have taken, every
 * resistance by what they have added (the RC pairs' time constants stay the file's). A cell file
 * identified at a single temperature has no temperature law; the plant then lets its resistances follow
 * Arrhenius with {@value #RESISTANCE_ACTIVATION_J_PER_MOL} J/mol about that temperature (assumed, within
 * the 20-50 kJ/mol reported for 18650 cells' DC resistance), so a cold cell polarises, and plates, as
 * a cold cell does. Ageing's loss of capacity leaves the state of charge as it was (a fraction).
 */
public final class AgeingCell {

    static final double RESISTANCE_ACTIVATION_J_PER_MOL = 30_000.0;
    /**
     * The rows {@link #identifiedAcrossTemperature} adds either side of a single-row file, K: about a
     * 25 degC file they span -30..80 degC, where the table's Arrhenius law is the plant's exactly; every
     * temperature a cell of the plant carries current at, and the healing doses' 70 degC, lie within.
     */
    static final double IDENTIFIED_SPAN_K = 55.0;
    /**
     * Share of the cell's overpotential that pulls the graphite's surface potential down at 25 degC
     * (assumed: a quarter; three-electrode cells put the anode's share of polarisation at roughly a fifth
     * to a half). The graphite's charge transfer is more strongly activated (about 55 kJ/mol) than the
     * cell's resistance as a whole ({@value #RESISTANCE_ACTIVATION_J_PER_MOL} J/mol), so its share grows
     * as the cell gets colder, up to {@value #ANODE_SHARE_MAX}.
     */
    static final double ANODE_SHARE_25 = 0.25;

    static final double ANODE_SHARE_MAX = 0.5;
    static final ActivationEnergy ANODE_SHARE_LAW =
            new ActivationEnergy(55_000.0 - RESISTANCE_ACTIVATION_J_PER_MOL, 25.0);
    /** A rest is leapt over in chunks that grow by this factor while the cell is still cooling. */
    static final double LEAP_GROWTH = 1.5;

    static final double LEAP_FIRST_CHUNK_S = 20.0;
    /** Below this gap to ambient the rest of a leap is one chunk, K. */
    static final double LEAP_SETTLED_K = 0.02;

    private final CellParameters p;
    private final CellVariation variation;
    private final TwoNodeThermalModel thermal;
    private final CellAgeing ageing;
    /** The plant's own law in temperature for single-row resistance tables, else null. */
    private final ActivationEnergy resistanceLaw;

    private final double[] temperature;
    private double soc;
    private double v1;
    private double v2;
    private double h;

    /*
     * The equivalent circuit at the present state, looked up once per state: a step reads it for the
     * charger's voltage line, for its own update, and after it the chips and the score read the voltage
     * it left, each a handful of table look-ups and an Arrhenius factor. The key is what the figures
     * depend on (state of charge, core temperature, ageing's resistance scale); the decays also on the
     * step's length.
     */
    private double atSoc = Double.NaN;
    private double atDegC = Double.NaN;
    private double atScale = Double.NaN;
    private double ocvV;
    private double r0Raw;
    private double r1Raw;
    private double r2Raw;
    private double tau1;
    private double tau2;
    private double multiplier;
    private double anodeRestV;
    private double anodeShareNow;
    private double decaysDtS = Double.NaN;
    private double a1;
    private double a2;

    public AgeingCell(
            CellParameters p,
            TwoNodeThermalModel thermal,
            CellVariation variation,
            CellAgeing ageing,
            double soc0,
            double startDegC) {
        this.p = p;
        this.thermal = thermal;
        this.variation = variation;
        this.ageing = ageing;
        this.soc = soc0;
        this.temperature = new double[] {startDegC, startDegC};
        double[] rows = p.r0Ohm().temperatureDegC();
        this.resistanceLaw = rows.length == 1 ? new ActivationEnergy(RESISTANCE_ACTIVATION_J_PER_MOL, rows[0]) : null;
    }

    /**
     * The cell file an identification of the new plant cell across temperature would give: a file
     * identified at one temperature gets its resistances (R0, R1, R2) at {@value #IDENTIFIED_SPAN_K} K
     * either side of that row too, by the plant's own law, with the Arrhenius temperature law between
     * them (exact for this law); a file with several rows is the plant's law already and is returned as
     * it is. A firmware that reads this file knows the new cell's resistance at every temperature, as
     * it would from a lab's tests of the cell, so what its resistance tracker learns on the plant is
     * ageing and cell-to-cell variation, not the plant's temperature.
     */
    public static CellParameters identifiedAcrossTemperature(CellParameters p) {
        double[] rows = p.r0Ohm().temperatureDegC();
        if (rows.length != 1) {
            return p;
        }
        ActivationEnergy law = new ActivationEnergy(RESISTANCE_ACTIVATION_J_PER_MOL, rows[0]);
        double[] temps = {rows[0] - IDENTIFIED_SPAN_K, rows[0], rows[0] + IDENTIFIED_SPAN_K};
        return new CellParameters(
                p.name(),
                p.charge(),
                p.window(),
                p.ocvV(),
                new CellParameters.Impedance(
                        acrossTemperature(p.r0Ohm(), law, temps),
                        new CellParameters.RcPair(acrossTemperature(p.r1Ohm(), law, temps), p.tau1S()),
                        new CellParameters.RcPair(acrossTemperature(p.r2Ohm(), law, temps), p.tau2S())),
                p.hysteresis(),
                p.noise());
    }

    private static SocTemperatureTable acrossTemperature(
            SocTemperatureTable single, ActivationEnergy law, double[] temps) {
        double[] row = single.values()[0];
        double[][] values = new double[temps.length][];
        for (int t = 0; t < temps.length; t++) {
            double factor = law.factor(temps[t]);
            values[t] = Arrays.stream(row).map(v -> v / factor).toArray();
        }
        return new SocTemperatureTable(single.soc(), temps, values, SocTemperatureTable.TemperatureLaw.ARRHENIUS);
    }

    /** This cell's capacity today, Ah. */
    public double capacityAh() {
        return ratedCapacityAh() * ageing.capacityFraction();
    }

    /** This cell's capacity when new, Ah. */
    public double ratedCapacityAh() {
        return p.capacityAh() * variation.capacityScale();
    }

    /** Ohmic resistance relative to the cell file's (variation and ageing, not temperature). */
    public double resistanceScale() {
        return variation.resistanceScale() * ageing.resistanceFactor();
    }

    /**
     * What every resistance of the file is multiplied by at a temperature: variation, ageing and, for a
     * single-row file, the plant's own temperature law (a resistance falls as the thermally activated
     * conduction it opposes speeds up).
     */
    private double resistanceMultiplier(double degC) {
        double m = resistanceScale();
        return resistanceLaw == null ? m : m / resistanceLaw.factor(degC);
    }

    /**
     * One step at constant current with the can's surroundings at {@code ambientDegC} and a heater
     * putting {@code heaterW} into the can.
     */
    public void step(double dtS, double currentA, double ambientDegC, double heaterW) {
        double coreBefore = temperature[0];
        decays(dtS);
        double m = multiplier;
        double r0 = r0Raw * m;
        v1 = a1 * v1 + r1Raw * m * (1.0 - a1) * currentA;
        v2 = a2 * v2 + r2Raw * m * (1.0 - a2) * currentA;
        double overpotential = r0 * currentA + v1 + v2;
        double anodeRest = anodeRestV;
        double anode = currentA > 0 ? anodeRest - anodeShareNow * overpotential : anodeRest;
        // Irreversible heat: the current times the overpotential (positive either way round).
        thermal.step(temperature, currentA * overpotential, heaterW, ambientDegC, dtS);
        ageing.step(new StepConditions(
                dtS, currentA, 0.5 * (coreBefore + temperature[0]), soc, anodeRest, anode, ratedCapacityAh()));
        double charge = currentA * dtS / 3600.0 * (currentA > 0 ? p.coulombicEfficiency() : 1.0);
        double decay = Math.exp(-p.hysteresisRate() * Math.abs(charge) / capacityAh());
        h = EquivalentCircuitCell.hysteresisStep(h, decay, currentA, p.hysteresisV());
        soc += charge / capacityAh();
    }

    /** Looks the equivalent circuit up for the present state, unless it has been already. */
    private void lookUp() {
        double t = temperature[0];
        double scale = resistanceScale();
        if (soc == atSoc && t == atDegC && scale == atScale) {
            return;
        }
        atSoc = soc;
        atDegC = t;
        atScale = scale;
        ocvV = p.ocvV().valueExtrapolated(soc, t);
        r0Raw = p.r0Ohm().value(soc, t);
        r1Raw = p.r1Ohm().value(soc, t);
        r2Raw = p.r2Ohm().value(soc, t);
        tau1 = p.tau1S().value(soc, t);
        tau2 = p.tau2S().value(soc, t);
        multiplier = resistanceMultiplier(t);
        anodeRestV = GraphitePotential.atSoc(soc);
        anodeShareNow = anodeShare(t);
        decaysDtS = Double.NaN;
    }

    /** The RC pairs' decays over a step of {@code dtS} from the present state (looked up as above). */
    private void decays(double dtS) {
        lookUp();
        if (dtS != decaysDtS) {
            a1 = Math.exp(-dtS / tau1);
            a2 = Math.exp(-dtS / tau2);
            decaysDtS = dtS;
        }
    }

    /**
     * A leap over a rest of any length in one call: no current, no heater. The cell cools toward
     * ambient along its two-node model; ageing is integrated over chunks that grow geometrically while
     * it cools (each at its mean core temperature, so the Arrhenius factor hardly changes within one)
     * and over the rest in one, where every mechanism's law is exact.
     */
    public void rest(double dtS, double ambientDegC) {
        double remaining = dtS;
        double chunk = LEAP_FIRST_CHUNK_S;
        while (remaining > 0) {
            boolean settled = Math.abs(temperature[0] - ambientDegC) < LEAP_SETTLED_K
                    && Math.abs(temperature[1] - ambientDegC) < LEAP_SETTLED_K;
            double sub = settled ? remaining : Math.min(remaining, chunk);
            step(sub, 0.0, ambientDegC, 0.0);
            remaining -= sub;
            chunk *= LEAP_GROWTH;
        }
    }

    /** Terminal voltage while carrying {@code currentA} in the present state, V. */
    public double terminalVoltage(double currentA) {
        lookUp();
        return ocvV + h + r0Raw * multiplier * currentA + v1 + v2;
    }

    /**
     * The terminal voltage after a step of {@code dtS} at a current I: restV + slope·I, a straight line in
     * the current. A charger's voltage loop reads it; this is its constant.
     */
    double voltageLineRestV(double dtS) {
        decays(dtS);
        return ocvV + h + a1 * v1 + a2 * v2;
    }

    /** The slope of the same line, V/A. */
    double voltageLineSlope(double dtS) {
        decays(dtS);
        return multiplier * (r0Raw + r1Raw * (1 - a1) + r2Raw * (1 - a2));
    }

    /** Graphite potential against Li/Li+ while carrying {@code currentA}, V. */
    public double anodePotential(double currentA) {
        lookUp();
        return anodeRestV - anodeShareNow * (r0Raw * multiplier * currentA + v1 + v2);
    }

    static double anodeShare(double degC) {
        return Math.min(ANODE_SHARE_MAX, ANODE_SHARE_25 / ANODE_SHARE_LAW.factor(degC));
    }

    public double soc() {
        return soc;
    }

    public double coreDegC() {
        return temperature[0];
    }

    public double surfaceDegC() {
        return temperature[1];
    }

    public CellAgeing ageing() {
        return ageing;
    }

    public CellParameters parameters() {
        return p;
    }
}
